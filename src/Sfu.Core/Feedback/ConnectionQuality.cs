namespace Sfu.Core.Feedback;

/// <summary>
/// A connection-quality score from loss, jitter and round-trip time, as a MOS estimate (1..4.5).
/// </summary>
/// <remarks>
/// A simplified ITU-T G.107 E-model (the approach LiveKit's connection-quality scorer also takes):
/// effective latency = RTT/2 + 2·jitter + 10 ms; R = 93.2 - delay impairment - 2.5·loss%, with the delay
/// impairment growing 4x faster beyond 160 ms; MOS = 1 + 0.035R + 7e-6·R(R-60)(100-R).
/// </remarks>
public static class ConnectionQuality
{
    /// <summary>MOS for a loss fraction (0..1), jitter and RTT in milliseconds.</summary>
    public static double Mos(double lossFraction, double jitterMs, double rttMs)
    {
        var latency = rttMs / 2 + 2 * jitterMs + 10;
        var r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
        r -= 2.5 * Math.Clamp(lossFraction, 0, 1) * 100;
        r = Math.Clamp(r, 0, 100);
        return Math.Clamp(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1, 4.5);
    }

    /// <summary>The bucket for a MOS value.</summary>
    public static ConnectionQualityLevel Level(double mos) => mos >= 4.1 ? ConnectionQualityLevel.Excellent
        : mos >= 3.5 ? ConnectionQualityLevel.Good : ConnectionQualityLevel.Poor;
}
