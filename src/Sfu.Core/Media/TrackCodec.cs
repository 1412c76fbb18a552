namespace Sfu.Core.Media;

/// <summary>One negotiated codec of a track: payload type, name, clock rate and its RTX payload type (0 when none).</summary>
/// <remarks>RFC 8866 §6.6 (a=rtpmap), RFC 4588 §8.6 (rtx with apt).</remarks>
public sealed record TrackCodec(byte PayloadType, string Name, int ClockRate, byte RtxPayloadType = 0)
{
    /// <summary>True for VP8 (RFC 7741), whose payload descriptor the forwarder rewrites.</summary>
    public bool IsVp8 => string.Equals(Name, "VP8", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for VP9 (RFC 9628).</summary>
    public bool IsVp9 => string.Equals(Name, "VP9", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for H.264 (RFC 6184).</summary>
    public bool IsH264 => string.Equals(Name, "H264", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for AV1 (AOM AV1 RTP payload format; "AV1X" was Chromium's early name).</summary>
    public bool IsAv1 => string.Equals(Name, "AV1", StringComparison.OrdinalIgnoreCase) || string.Equals(Name, "AV1X", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for RED (RFC 2198), as Opus redundancy: audio/red with the Opus payload type in its blocks.</summary>
    public bool IsRed => string.Equals(Name, "red", StringComparison.OrdinalIgnoreCase);
}
