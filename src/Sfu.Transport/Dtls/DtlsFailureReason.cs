namespace Sfu.Transport.Dtls;

/// <summary>Why a DTLS session ended without keys (or, after the handshake, ended badly).</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake did not complete within the configured timeout (peer silent or too slow).</summary>
    Timeout,

    /// <summary>
    /// The peer's certificate does not hash to the SDP <c>a=fingerprint</c> (RFC 8122 §5), or it sent none.
    /// A bad_certificate alert was sent and no keys were exported.
    /// </summary>
    FingerprintMismatch,

    /// <summary>The peer sent a fatal alert.</summary>
    AlertReceived,

    /// <summary>This side raised a fatal alert (protocol error, no common cipher suite or SRTP profile, ...).</summary>
    AlertSent,

    /// <summary>The handshake pool's queue was full: the handshake was refused without starting.</summary>
    Overloaded,

    /// <summary>An unexpected error inside the DTLS implementation.</summary>
    InternalError,
}
