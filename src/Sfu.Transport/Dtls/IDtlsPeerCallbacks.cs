using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>What the BouncyCastle peer classes report back to their engine (from the handshake thread).</summary>
internal interface IDtlsPeerCallbacks
{
    /// <summary>Checks the peer's chain against the SDP fingerprint; false means mismatch (or no certificate).</summary>
    bool VerifyPeerCertificate(Certificate? chain);

    /// <summary>Called inside NotifyHandshakeComplete, the only place the exporter works (dtls-notes pitfall 2).</summary>
    void OnHandshakeComplete(TlsContext context, DtlsSrtpProfile profile);

    /// <summary>An alert arrived from the peer.</summary>
    void OnAlertReceived(short level, short description);

    /// <summary>This side raised an alert.</summary>
    void OnAlertRaised(short level, short description, string? message);
}
