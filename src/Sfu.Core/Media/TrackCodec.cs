namespace Sfu.Core.Media;

/// <summary>One negotiated codec of a track: payload type, name, clock rate and its RTX payload type (0 when none).</summary>
/// <remarks>RFC 8866 §6.6 (a=rtpmap), RFC 4588 §8.6 (rtx with apt).</remarks>
public sealed record TrackCodec(byte PayloadType, string Name, int ClockRate, byte RtxPayloadType = 0)
{
    /// <summary>True for VP8 (RFC 7741), whose payload descriptor the forwarder rewrites.</summary>
    public bool IsVp8 => string.Equals(Name, "VP8", StringComparison.OrdinalIgnoreCase);
}
