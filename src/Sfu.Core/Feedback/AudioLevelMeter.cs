namespace Sfu.Core.Feedback;

/// <summary>
/// Smooths the per-packet audio level of one audio stream into a speaking score.
/// </summary>
/// <remarks>
/// RFC 6464 §3: the level is 0..127 in -dBov (0 loudest, 127 silence) with a voice-activity flag. The meter
/// turns each packet's level into loudness = 127 - level (0 when the V flag is clear), keeps an exponential
/// moving average over <see cref="TimeConstantMs"/>, and decays towards 0 when packets stop (mute, DTX), so
/// a burst of one loud packet cannot take the floor and a paused speaker fades out.
/// </remarks>
public sealed class AudioLevelMeter
{
    /// <summary>Smoothing time constant.</summary>
    public const int TimeConstantMs = 500;

    private double _score;
    private long _lastUs = long.MinValue;

    /// <summary>Smoothed loudness (0..127) at the last update.</summary>
    public double Score => _score;

    /// <summary>Feeds one packet's level.</summary>
    public void OnLevel(bool voiceActivity, byte level, long nowUs)
    {
        var loudness = voiceActivity ? 127 - Math.Min(level, (byte)127) : 0;
        Decay(nowUs);
        // Each packet moves the average by the fraction of the time constant it represents (20 ms of 500).
        const double alpha = 20.0 / TimeConstantMs;
        _score += (loudness - _score) * alpha;
    }

    /// <summary>The smoothed score at <paramref name="nowUs"/>, decayed for the time without packets.</summary>
    public double Sample(long nowUs)
    {
        Decay(nowUs);
        return _score;
    }

    private void Decay(long nowUs)
    {
        if (_lastUs != long.MinValue && nowUs > _lastUs)
        {
            var silentMs = (nowUs - _lastUs) / 1000.0;
            // Only gaps longer than a packet interval count as silence.
            if (silentMs > 60) _score *= Math.Exp(-(silentMs - 60) / TimeConstantMs);
        }
        _lastUs = nowUs;
    }
}
