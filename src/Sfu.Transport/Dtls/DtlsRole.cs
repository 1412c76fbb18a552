namespace Sfu.Transport.Dtls;

/// <summary>Which end of the DTLS handshake this engine plays.</summary>
/// <remarks>
/// RFC 5763 §5: the answerer's <c>a=setup</c> decides. An ICE-lite SFU answers <c>a=setup:passive</c> to a
/// browser's <c>actpass</c> offer, so it is the DTLS server by default; <see cref="Client"/> exists for
/// <c>a=setup:active</c> answers and for offers the server makes itself.
/// </remarks>
public enum DtlsRole
{
    /// <summary>Waits for the peer's ClientHello (a=setup:passive).</summary>
    Server,

    /// <summary>Sends the ClientHello (a=setup:active).</summary>
    Client,
}
