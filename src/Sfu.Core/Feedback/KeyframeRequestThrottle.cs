namespace Sfu.Core.Feedback;

/// <summary>
/// Aggregates subscribers' PLI/FIR for one published layer into at most one request per interval towards
/// the publisher; a request inside the interval is remembered and sent when the interval ends.
/// </summary>
/// <remarks>RFC 4585 §6.3.1 (PLI), RFC 5104 §4.3.1 (FIR), and RFC 5104 §3.5.1's advice not to flood the
/// sender: many subscribers joining at once must cost the publisher one key frame, not N.</remarks>
public sealed class KeyframeRequestThrottle
{
    private readonly long _intervalUs;
    private long _lastSentUs = long.MinValue;
    private bool _pending;

    /// <summary>A throttle allowing one request per <paramref name="intervalMs"/> (default 500 ms).</summary>
    public KeyframeRequestThrottle(int intervalMs = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervalMs);
        _intervalUs = intervalMs * 1000L;
    }

    /// <summary>Requests sent towards the publisher.</summary>
    public long Sent { get; private set; }

    /// <summary>Requests absorbed by the throttle.</summary>
    public long Suppressed { get; private set; }

    /// <summary>A subscriber asked; true when a request should be sent now.</summary>
    public bool Request(long nowUs)
    {
        if (_lastSentUs == long.MinValue || nowUs - _lastSentUs >= _intervalUs)
        {
            _lastSentUs = nowUs;
            _pending = false;
            Sent++;
            return true;
        }
        if (!_pending) _pending = true;
        else Suppressed++;
        return false;
    }

    /// <summary>True when a deferred request is due now (called on the feedback tick).</summary>
    public bool PollDeferred(long nowUs)
    {
        if (!_pending || nowUs - _lastSentUs < _intervalUs) return false;
        _pending = false;
        _lastSentUs = nowUs;
        Sent++;
        return true;
    }

    /// <summary>The publisher sent a key frame: a deferred request is no longer needed.</summary>
    public void OnKeyFrame() => _pending = false;
}
