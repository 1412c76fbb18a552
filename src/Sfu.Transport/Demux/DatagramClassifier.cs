using System.Runtime.CompilerServices;

namespace Sfu.Transport.Demux;

/// <summary>
/// Sorts a datagram received on the shared media port into STUN, DTLS, RTP or RTCP. A total function:
/// every input, including an empty one, gets an answer and nothing is read past the span.
/// </summary>
/// <remarks>
/// RFC 7983 §7 first-byte ranges:
/// <code>
///   [0..3] STUN   [16..19] ZRTP   [20..63] DTLS   [64..79] TURN channel   [128..191] RTP/RTCP
/// </code>
/// RFC 5761 §4: with RTP and RTCP on one port, the second byte tells them apart. RTCP packet types
/// 192..223 (FIR 192, NACK 193, SR 200, RR 201, ..., PSFB 206, XR 207) land on RTP payload types 64..95
/// once the marker bit is masked off, which is why dynamic RTP payload types avoid 64..95. The second
/// byte's full value (marker included) is the RTCP packet type, so 192..223 means RTCP.
/// </remarks>
public static class DatagramClassifier
{
    private const byte StunLast = 3;
    private const byte ZrtpFirst = 16;
    private const byte ZrtpLast = 19;
    private const byte DtlsFirst = 20;
    private const byte DtlsLast = 63;
    private const byte TurnFirst = 64;
    private const byte TurnLast = 79;
    private const byte RtpFirst = 128;
    private const byte RtpLast = 191;

    /// <summary>The kind of <paramref name="datagram"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return DatagramKind.Unknown;
        var first = datagram[0];
        if (first <= StunLast) return DatagramKind.Stun;
        if (first >= DtlsFirst && first <= DtlsLast) return DatagramKind.Dtls;
        if (first >= RtpFirst && first <= RtpLast)
        {
            if (datagram.Length < 2) return DatagramKind.Unknown;
            // RFC 5761 §4: the packet-type byte tells RTCP from RTP (the same rule the RTP parser uses).
            return Sfu.Core.Rtp.RtpRtcpDemux.IsRtcp(datagram) ? DatagramKind.Rtcp : DatagramKind.Rtp;
        }
        if (first >= ZrtpFirst && first <= ZrtpLast) return DatagramKind.Zrtp;
        if (first >= TurnFirst && first <= TurnLast) return DatagramKind.TurnChannel;
        return DatagramKind.Unknown;
    }
}
