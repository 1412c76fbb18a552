namespace Sfu.Core.Rtp;

/// <summary>Tells RTP from RTCP on a muxed port (rtcp-mux) by the second byte.</summary>
/// <remarks>
/// RFC 5761 §4: RTCP packet types 192-223 (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205,
/// PSFB 206, XR 207, FIR 192, NACK 193, ...) occupy the second byte where RTP has M and PT. RTP payload
/// types 64-95 would collide (with M set) and must not be used with rtcp-mux, so a second byte in 192-223
/// is RTCP and anything else is RTP. Dynamic payload types 35-63, which Chromium uses, are RTP even with
/// the marker set (163-191). The caller has already classified the datagram as RTP/RTCP by its first byte
/// (RFC 7983, Sfu.Transport).
/// </remarks>
public static class RtpRtcpDemux
{
    private const byte FirstRtcpType = 192;
    private const byte LastRtcpType = 223;

    /// <summary>True when the packet is RTCP (version 2, second byte 192-223).</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) =>
        packet.Length >= 2 && packet[0] >> 6 == RtpPacketView.Version2 && packet[1] is >= FirstRtcpType and <= LastRtcpType;

    /// <summary>True when the packet is RTP (version 2, at least a fixed header, and not RTCP).</summary>
    public static bool IsRtp(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtpPacketView.FixedHeaderLength && packet[0] >> 6 == RtpPacketView.Version2 && packet[1] is < FirstRtcpType or > LastRtcpType;
}
