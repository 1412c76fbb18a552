namespace Sfu.Transport.Demux;

/// <summary>What a UDP datagram on the shared media port carries, decided from its first bytes.</summary>
/// <remarks>RFC 7983 §7 (first-byte ranges) and RFC 5761 §4 (RTP versus RTCP on one port).</remarks>
public enum DatagramKind : byte
{
    /// <summary>Empty, or a first byte no protocol here claims (dropped).</summary>
    Unknown = 0,
    /// <summary>STUN, first byte 0..3 (RFC 7983 §7).</summary>
    Stun,
    /// <summary>ZRTP, first byte 16..19; never negotiated here, so dropped.</summary>
    Zrtp,
    /// <summary>DTLS, first byte 20..63.</summary>
    Dtls,
    /// <summary>TURN channel data, first byte 64..79; this server is no TURN server, so dropped.</summary>
    TurnChannel,
    /// <summary>RTP, first byte 128..191 with a payload type outside 64..95.</summary>
    Rtp,
    /// <summary>RTCP, first byte 128..191 with packet type 192..223 (RFC 5761 §4).</summary>
    Rtcp,
}
