namespace Sfu.Core.Feedback;

/// <summary>Connection quality buckets (as LiveKit's ConnectionQuality: poor, good, excellent; lost when no media).</summary>
public enum ConnectionQualityLevel
{
    /// <summary>No media received recently.</summary>
    Lost,
    /// <summary>MOS below 3.5.</summary>
    Poor,
    /// <summary>MOS 3.5 to 4.1.</summary>
    Good,
    /// <summary>MOS 4.1 and above.</summary>
    Excellent,
}
