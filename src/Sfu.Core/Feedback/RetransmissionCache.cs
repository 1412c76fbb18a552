using Sfu.Core.Buffers;

namespace Sfu.Core.Feedback;

/// <summary>
/// The packets of one published stream that subscribers may still NACK: unprotected, reference-counted,
/// indexed by extended sequence number, bounded by count (a power of two) and by age.
/// </summary>
/// <remarks>
/// RFC 4585 §6.2.1 leaves the history size to the sender; like mediasoup's RtpRetransmissionBuffer the cache
/// is a ring, so insert and lookup are O(1) and nothing allocates once it is full. Every slot holds one
/// reference to its <see cref="PacketBuffer"/>, dropped on overwrite, expiry or <see cref="Clear"/>.
/// </remarks>
public sealed class RetransmissionCache
{
    private readonly PacketBuffer?[] _buffers;
    private readonly long[] _seqs;
    private readonly int _mask;
    private readonly long _maxAgeUs;

    /// <summary>A cache of <paramref name="capacity"/> (rounded up to a power of two) packets no older than <paramref name="maxAgeMs"/>.</summary>
    public RetransmissionCache(int capacity = 1024, int maxAgeMs = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _buffers = new PacketBuffer?[size];
        _seqs = new long[size];
        _mask = size - 1;
        _maxAgeUs = maxAgeMs * 1000L;
    }

    /// <summary>Packets currently held.</summary>
    public int Count { get; private set; }

    /// <summary>Stores <paramref name="buffer"/> (adding a reference) under <paramref name="extendedSeq"/>.</summary>
    public void Add(long extendedSeq, PacketBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var slot = (int)(extendedSeq & _mask);
        var old = _buffers[slot];
        if (old is not null)
        {
            if (_seqs[slot] > extendedSeq) return; // a late packet older than the ring's window
            old.Release();
            Count--;
        }
        buffer.AddRef();
        _buffers[slot] = buffer;
        _seqs[slot] = extendedSeq;
        Count++;
    }

    /// <summary>The packet with <paramref name="extendedSeq"/> if still held and younger than the age limit (no reference added).</summary>
    public PacketBuffer? Get(long extendedSeq, long nowUs)
    {
        var slot = (int)(extendedSeq & _mask);
        var b = _buffers[slot];
        if (b is null || _seqs[slot] != extendedSeq) return null;
        if (nowUs - b.TimeUs > _maxAgeUs)
        {
            b.Release();
            _buffers[slot] = null;
            Count--;
            return null;
        }
        return b;
    }

    /// <summary>Releases every held packet (track closed or restarted).</summary>
    public void Clear()
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } b)
            {
                b.Release();
                _buffers[i] = null;
            }
        }
        Count = 0;
    }
}
