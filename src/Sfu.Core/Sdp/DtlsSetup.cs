namespace Sfu.Core.Sdp;

/// <summary>The <c>a=setup</c> attribute (RFC 4145 section 4, RFC 5763 section 5): who starts the DTLS handshake.</summary>
public enum DtlsSetup
{
    /// <summary>No <c>a=setup</c> present.</summary>
    None = 0,
    /// <summary><c>actpass</c>: the offerer lets the answerer choose.</summary>
    ActPass,
    /// <summary><c>active</c>: this side is the DTLS client.</summary>
    Active,
    /// <summary><c>passive</c>: this side is the DTLS server.</summary>
    Passive,
    /// <summary><c>holdconn</c>: no connection now.</summary>
    HoldConn,
}
