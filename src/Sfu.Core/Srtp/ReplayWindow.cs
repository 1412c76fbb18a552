namespace Sfu.Core.Srtp;

/// <summary>
/// Sliding replay window over packet indices (48-bit SRTP index or 31-bit SRTCP index) of one SSRC.
/// </summary>
/// <remarks>
/// RFC 3711 section 3.3.2: a packet is accepted when its index is above the highest seen, or within the
/// window below it and not yet received. The check (<see cref="IsAcceptable"/>) and the update
/// (<see cref="Accept"/>) are separate on purpose: the receiver checks <em>before</em> authenticating, so
/// a replay flood costs no cipher work, but records the index only <em>after</em> the tag verified, so a
/// forged packet can never advance the window and shut out the real ones (pion/srtp decryptRTP does the same).
/// Bits live in a ring indexed by <c>index mod capacity</c>; advancing clears the slots skipped over.
/// </remarks>
public sealed class ReplayWindow
{
    /// <summary>Default window size (packets), as in pion and RFC 3711's minimum.</summary>
    public const int DefaultSize = 64;
    /// <summary>Largest configurable window.</summary>
    public const int MaxSize = 1024;

    private readonly ulong[] _bits;
    private readonly int _mask;
    private ulong _highest;
    private bool _started;

    /// <summary>A window of <paramref name="size"/> packets (1 to 1024).</summary>
    public ReplayWindow(int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        var capacity = Math.Max(64, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size));
        _bits = new ulong[capacity / 64];
        _mask = capacity - 1;
    }

    /// <summary>Window size in packets.</summary>
    public int Size { get; }

    /// <summary>True until the first index is accepted.</summary>
    public bool IsEmpty => !_started;

    /// <summary>Highest index accepted so far (0 when empty).</summary>
    public ulong Highest => _highest;

    /// <summary>True when <paramref name="index"/> is new: above the highest, or inside the window and not yet seen.</summary>
    public bool IsAcceptable(ulong index)
    {
        if (!_started || index > _highest) return true;
        var age = _highest - index;
        if (age >= (ulong)Size) return false;
        var slot = (int)(index & (ulong)_mask);
        return (_bits[slot >> 6] & (1UL << (slot & 63))) == 0;
    }

    /// <summary>Records <paramref name="index"/> as received; call only after it authenticated.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
        }
        else if (index > _highest)
        {
            var delta = index - _highest;
            if (delta > (ulong)_mask)
            {
                Array.Clear(_bits);
            }
            else
            {
                // Clear the slots of the indices skipped over: they have not been received.
                for (var i = _highest + 1; i < index; i++) Clear((int)(i & (ulong)_mask));
            }
            _highest = index;
        }
        var slot = (int)(index & (ulong)_mask);
        _bits[slot >> 6] |= 1UL << (slot & 63);
    }

    /// <summary>Forgets every index (a new master key restarts the index space).</summary>
    public void Reset()
    {
        Array.Clear(_bits);
        _highest = 0;
        _started = false;
    }

    private void Clear(int slot) => _bits[slot >> 6] &= ~(1UL << (slot & 63));
}
