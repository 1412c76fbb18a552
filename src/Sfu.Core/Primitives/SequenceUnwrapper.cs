namespace Sfu.Core.Primitives;

/// <summary>
/// Extends 16-bit RTP sequence numbers to a monotonic 64-bit index, so that gaps, reordering and wraps
/// become plain integer arithmetic.
/// </summary>
/// <remarks>
/// RFC 3550 §A.1 and RFC 3711 §3.3.1 (the ROC guess): each new value is placed at the candidate nearest the
/// last unwrapped value, so a packet up to 32767 behind or 32768 ahead is placed correctly, and a
/// late packet from before a wrap is given the old cycle instead of jumping a whole cycle forward. The
/// highest index seen only moves forward. Values below zero cannot occur: a packet that would unwrap
/// before cycle 0 is clamped into cycle 0. Mutable struct: keep it in a field, not a copy.
/// </remarks>
public struct SequenceUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>True once a value has been fed in.</summary>
    public readonly bool HasStarted => _started;

    /// <summary>The highest unwrapped index seen so far.</summary>
    public long Highest { readonly get; private set; }

    /// <summary>Unwraps <paramref name="value"/> relative to the last value seen and returns its 64-bit index.</summary>
    public long Unwrap(ushort value)
    {
        if (!_started)
        {
            _started = true;
            _last = value;
            Highest = value;
            return value;
        }

        var unwrapped = _last + SeqNum.Diff(value, (ushort)_last);
        if (unwrapped < 0) unwrapped += 0x1_0000;
        _last = unwrapped;
        if (unwrapped > Highest) Highest = unwrapped;
        return unwrapped;
    }

    /// <summary>Unwraps without recording the value (a "what would it be" query).</summary>
    public readonly long Peek(ushort value)
    {
        if (!_started) return value;
        var unwrapped = _last + SeqNum.Diff(value, (ushort)_last);
        return unwrapped < 0 ? unwrapped + 0x1_0000 : unwrapped;
    }
}
