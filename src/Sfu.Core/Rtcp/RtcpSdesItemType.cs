namespace Sfu.Core.Rtcp;

/// <summary>SDES item types.</summary>
/// <remarks>RFC 3550 §6.5 (1-8); RFC 7941 §4.1 (12 RtpStreamId, 13 RepairedRtpStreamId); RFC 8843 §15.1 (15 MID).</remarks>
public enum RtcpSdesItemType : byte
{
    /// <summary>End of the item list of a chunk.</summary>
    End = 0,
    /// <summary>Canonical end-point identifier.</summary>
    Cname = 1,
    /// <summary>User name.</summary>
    Name = 2,
    /// <summary>E-mail address.</summary>
    Email = 3,
    /// <summary>Phone number.</summary>
    Phone = 4,
    /// <summary>Geographic location.</summary>
    Location = 5,
    /// <summary>Application or tool name.</summary>
    Tool = 6,
    /// <summary>Notice/status.</summary>
    Note = 7,
    /// <summary>Private extensions.</summary>
    Private = 8,
    /// <summary>RtpStreamId.</summary>
    RtpStreamId = 12,
    /// <summary>RepairedRtpStreamId.</summary>
    RepairedRtpStreamId = 13,
    /// <summary>MID.</summary>
    Mid = 15,
}
