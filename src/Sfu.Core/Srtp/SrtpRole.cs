namespace Sfu.Core.Srtp;

/// <summary>This endpoint's DTLS role, which decides which half of the exported keying material it sends with.</summary>
/// <remarks>RFC 5764 section 4.2: the client writes with client_write_SRTP_master_key, the server with the server's.</remarks>
public enum SrtpRole
{
    /// <summary>DTLS client (a=setup:active).</summary>
    Client,
    /// <summary>DTLS server (a=setup:passive; what this SFU is towards browsers).</summary>
    Server,
}
