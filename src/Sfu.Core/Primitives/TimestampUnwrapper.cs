namespace Sfu.Core.Primitives;

/// <summary>Extends 32-bit RTP timestamps to a 64-bit monotonic clock value (same rule as <see cref="SequenceUnwrapper"/>).</summary>
/// <remarks>
/// RFC 3550 §5.1: timestamps wrap at 2^32 (about 12.4 hours at 90 kHz, 24.8 hours at 48 kHz), which a long
/// session does reach. Each value is placed within ±2^31 of the last one. Mutable struct: keep it in a field.
/// </remarks>
public struct TimestampUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>True once a value has been fed in.</summary>
    public readonly bool HasStarted => _started;

    /// <summary>Unwraps <paramref name="value"/> relative to the last value seen.</summary>
    public long Unwrap(uint value)
    {
        if (!_started)
        {
            _started = true;
            _last = value;
            return value;
        }

        var unwrapped = _last + SeqNum.Diff(value, (uint)_last);
        if (unwrapped < 0) unwrapped += 0x1_0000_0000L;
        _last = unwrapped;
        return unwrapped;
    }
}
