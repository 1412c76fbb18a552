namespace Sfu.Server.Configuration;

/// <summary>The <c>audio</c> section: active-speaker sensitivity (LiveKit's defaults).</summary>
public sealed class AudioConfig
{
    /// <summary>Minimum level (0-127 dBov, 0 loudest) to count as active.</summary>
    public int ActiveLevel { get; set; } = 35;
    /// <summary>Percent of recent samples that must be above the level.</summary>
    public int MinPercentile { get; set; } = 40;
    /// <summary>Milliseconds between speaker updates.</summary>
    public int UpdateInterval { get; set; } = 500;
    public int SmoothIntervals { get; set; } = 2;
}
