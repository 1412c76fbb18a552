namespace Sfu.Core.Diagnostics;

/// <summary>
/// Why a datagram or packet was dropped. Every drop site on the packet path names one of these, and the
/// shard counts them per reason (exported at <c>/metrics</c>), so a drop is never silent.
/// </summary>
/// <remarks>New reasons are appended; values are stable because they index counter arrays.</remarks>
public enum PacketDropReason
{
    /// <summary>Not dropped.</summary>
    None = 0,
    /// <summary>Shorter than the smallest valid packet of its kind.</summary>
    TooShort,
    /// <summary>A length field points past the end of the datagram.</summary>
    Truncated,
    /// <summary>The version field is not the one this protocol defines.</summary>
    BadVersion,
    /// <summary>Structurally invalid in a way the other reasons do not name.</summary>
    Malformed,
    /// <summary>The first byte matches no protocol of RFC 7983.</summary>
    UnknownProtocol,
    /// <summary>The source address belongs to no session.</summary>
    UnknownAddress,
    /// <summary>The session exists but has no SRTP keys yet.</summary>
    NotKeyed,
    /// <summary>SRTP/SRTCP replay window refused the index.</summary>
    Replay,
    /// <summary>Authentication (SRTP tag, STUN integrity) failed.</summary>
    AuthFailed,
    /// <summary>The SSRC is not bound to any track.</summary>
    UnknownSsrc,
    /// <summary>The payload type was not negotiated.</summary>
    UnknownPayloadType,
    /// <summary>A padding-only packet (probe) that is never forwarded.</summary>
    PaddingOnly,
    /// <summary>Already forwarded (duplicate).</summary>
    Duplicate,
    /// <summary>The source address is not an ICE-validated pair.</summary>
    NotValidated,
    /// <summary>A queue or buffer limit was reached.</summary>
    Overflow,

    // Network plumbing (Sfu.Transport) appends its reasons below this line.
    /// <summary>A STUN request whose USERNAME names no local ICE ufrag on this node.</summary>
    UnknownUfrag,
    /// <summary>The kernel refused the datagram on send (buffer full, unreachable); counted on the egress side.</summary>
    SendFailed,
    /// <summary>The session threw while handling the datagram; the session was closed (architecture.md, Errors).</summary>
    SessionFault,
    /// <summary>A kind that arrives on the media port but is never accepted here (ZRTP, TURN channel data, a STUN response or indication).</summary>
    UnsupportedKind,
}
