namespace Sfu.Core.Routing;

/// <summary>
/// Frame rate per temporal layer of one published layer, measured at ingress from the frames' temporal ids
/// (VP8 TID, RFC 7741 §4.2): what a subscriber asking for a frame rate (LiveKit UpdateTrackSettings.fps)
/// gets at each temporal-layer cap.
/// </summary>
/// <remarks>
/// Counted over consecutive windows of <see cref="WindowUs"/>; the last complete window is the estimate, so it
/// follows the publisher within about two windows (Chromium lowers its frame rate under CPU or bandwidth
/// pressure). Shard thread only; allocation-free.
/// </remarks>
public sealed class TemporalFrameRates
{
    /// <summary>Temporal ids tracked (VP8's TID is two bits).</summary>
    public const int MaxLayers = 4;

    /// <summary>Length of one counting window.</summary>
    public const long WindowUs = 1_000_000;

    private readonly int[] _counting = new int[MaxLayers];
    private readonly double[] _rates = new double[MaxLayers];
    private long _windowStartUs = -1;

    /// <summary>Highest temporal id seen in the last complete window, or -1 before one completed.</summary>
    public int MaxTemporalId { get; private set; } = -1;

    /// <summary>Counts one frame (its first packet) of temporal layer <paramref name="temporalId"/>.</summary>
    public void OnFrame(int temporalId, long nowUs)
    {
        if ((uint)temporalId >= MaxLayers) return;
        if (_windowStartUs < 0) _windowStartUs = nowUs;
        var elapsed = nowUs - _windowStartUs;
        if (elapsed >= WindowUs)
        {
            var max = -1;
            // A window with a long silence in it (the publisher paused the layer) still divides by its real length.
            for (var t = 0; t < MaxLayers; t++)
            {
                _rates[t] = _counting[t] * 1_000_000.0 / elapsed;
                if (_counting[t] > 0) max = t;
                _counting[t] = 0;
            }
            MaxTemporalId = max;
            _windowStartUs = nowUs;
        }
        _counting[temporalId]++;
    }

    /// <summary>Frames per second a subscriber receives with temporal layers 0..<paramref name="temporalId"/> (0 before a window completed).</summary>
    public double FrameRateUpTo(int temporalId)
    {
        var sum = 0.0;
        for (var t = 0; t <= temporalId && t < MaxLayers; t++) sum += _rates[t];
        return sum;
    }
}
