using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// BouncyCastle's server callbacks for a DTLS-SRTP session: DTLS 1.2, ECDSA credentials, a mandatory
/// client certificate checked against the SDP fingerprint, use_srtp by server preference, and the
/// keying-material export inside <see cref="NotifyHandshakeComplete"/>.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsOptions _options;
    private readonly IDtlsPeerCallbacks _callbacks;
    private DtlsSrtpProfile _profile;

    public DtlsSrtpServer(DtlsOptions options, IDtlsPeerCallbacks callbacks)
        : base(DtlsCrypto.Instance)
    {
        _options = options;
        _callbacks = callbacks;
    }

    /// <inheritdoc/>
    public override bool IgnoreCorruptDtlsRecords => true; // RFC 6347 §4.1.2.7: invalid records are discarded, never fatal.

    /// <inheritdoc/>
    public override int GetHandshakeTimeoutMillis() => (int)Math.Min(int.MaxValue, _options.HandshakeTimeout.TotalMilliseconds);

    /// <inheritdoc/>
    protected override ProtocolVersion[] GetSupportedVersions() => DtlsPeerSupport.Versions;

    /// <inheritdoc/>
    protected override int[] GetSupportedCipherSuites() => DtlsPeerSupport.CipherSuites;

    /// <inheritdoc/>
    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _options.Certificate.CreateSigner(m_context);

    /// <summary>
    /// RFC 5763 §5: the server MUST request the client's certificate, whose fingerprint is the only thing
    /// that authenticates the peer.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        var signatureAlgorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], signatureAlgorithms, null);
    }

    /// <summary>Fails closed: no certificate or a fingerprint mismatch is a fatal bad_certificate.</summary>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (!_callbacks.VerifyPeerCertificate(clientCertificate))
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match the SDP fingerprint");
    }

    /// <inheritdoc/>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        // RFC 5764 §4.1.2: no common profile means no SRTP; a WebRTC session without SRTP is useless, so refuse.
        _profile = offered is null ? DtlsSrtpProfile.None : DtlsPeerSupport.Choose(_options.SrtpProfiles, offered.ProtectionProfiles);
        if (_profile == DtlsSrtpProfile.None)
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    /// <inheritdoc/>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile in the server's use_srtp, and no MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <inheritdoc/>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _callbacks.OnHandshakeComplete(m_context, _profile);
    }

    /// <inheritdoc/>
    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        _callbacks.OnAlertReceived(alertLevel, alertDescription);
    }

    /// <inheritdoc/>
    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        base.NotifyAlertRaised(alertLevel, alertDescription, message, cause);
        _callbacks.OnAlertRaised(alertLevel, alertDescription, message);
    }
}
