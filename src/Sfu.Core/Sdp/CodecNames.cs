namespace Sfu.Core.Sdp;

/// <summary>Encoding names as they appear in <c>a=rtpmap</c>. Comparisons are case-insensitive (RFC 4855 section 3: werift writes <c>OPUS</c>).</summary>
public static class CodecNames
{
    /// <summary>Opus (RFC 7587).</summary>
    public const string Opus = "opus";
    /// <summary>VP8 (RFC 7741).</summary>
    public const string Vp8 = "VP8";
    /// <summary>VP9 (RFC 9628).</summary>
    public const string Vp9 = "VP9";
    /// <summary>H.264 (RFC 6184).</summary>
    public const string H264 = "H264";
    /// <summary>AV1 (AOM RTP payload format).</summary>
    public const string Av1 = "AV1";
    /// <summary>Retransmission payload (RFC 4588).</summary>
    public const string Rtx = "rtx";
    /// <summary>Redundant audio data (RFC 2198).</summary>
    public const string Red = "red";

    /// <summary>True when two encoding names are the same codec.</summary>
    public static bool AreEqual(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
