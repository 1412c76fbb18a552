namespace Sfu.Core.Media;

/// <summary>Kind of a track (the SDP media type).</summary>
public enum MediaKind
{
    /// <summary>m=audio.</summary>
    Audio,
    /// <summary>m=video.</summary>
    Video,
}
