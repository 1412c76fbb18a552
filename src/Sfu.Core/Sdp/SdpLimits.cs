namespace Sfu.Core.Sdp;

/// <summary>
/// Upper bounds the parser enforces before it does any work proportional to the input. A description is
/// network input: every count is hostile until bounded (docs security.md 1.2, Janus CVE-2020-13901).
/// </summary>
public static class SdpLimits
{
    /// <summary>Whole description, in characters. livekit-client's 9-section offer is 24 kB; 1 MiB leaves room for hundreds of sections.</summary>
    public const int MaxDescriptionLength = 1024 * 1024;

    /// <summary>Lines in one description.</summary>
    public const int MaxLines = 65_536;

    /// <summary>One line, in characters. The longest real line (an m=video with 34 payload types, or a candidate) is under 200.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>Media sections in one description.</summary>
    public const int MaxMediaSections = 1024;

    /// <summary>Attribute lines in one media section (Chromium's recvonly video section has under 250).</summary>
    public const int MaxAttributesPerSection = 4096;

    /// <summary>Length of a mid, a rid, an msid id or a CNAME.</summary>
    public const int MaxIdentifierLength = 64;
}
