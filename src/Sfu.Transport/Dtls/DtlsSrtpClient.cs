using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// BouncyCastle's client callbacks for a DTLS-SRTP session (a=setup:active): DTLS 1.2, use_srtp offering
/// the configured profiles, the server certificate checked against the SDP fingerprint, and our ECDSA
/// certificate sent when asked (WebRTC servers always ask, RFC 5763 §5).
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsOptions _options;
    private readonly IDtlsPeerCallbacks _callbacks;
    private DtlsSrtpProfile _profile;

    public DtlsSrtpClient(DtlsOptions options, IDtlsPeerCallbacks callbacks)
        : base(DtlsCrypto.Instance)
    {
        _options = options;
        _callbacks = callbacks;
    }

    /// <inheritdoc/>
    public override bool IgnoreCorruptDtlsRecords => true; // RFC 6347 §4.1.2.7

    /// <inheritdoc/>
    public override int GetHandshakeTimeoutMillis() => (int)Math.Min(int.MaxValue, _options.HandshakeTimeout.TotalMilliseconds);

    /// <inheritdoc/>
    protected override ProtocolVersion[] GetSupportedVersions() => DtlsPeerSupport.Versions;

    /// <inheritdoc/>
    protected override int[] GetSupportedCipherSuites() => DtlsPeerSupport.CipherSuites;

    /// <inheritdoc/>
    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions,
            new UseSrtpData(DtlsPeerSupport.ProfileIds(_options.SrtpProfiles), TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <inheritdoc/>
    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var selected = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles.
        if (selected is null || selected.ProtectionProfiles.Length != 1)
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select one SRTP profile");
        var profile = (DtlsSrtpProfile)selected.ProtectionProfiles[0];
        if (!DtlsSrtpProfiles.IsSupported(profile) || !_options.SrtpProfiles.Contains(profile))
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected an SRTP profile we did not offer");
        _profile = profile;
    }

    /// <inheritdoc/>
    public override TlsAuthentication GetAuthentication() => new Authentication(this);

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

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            if (!owner._callbacks.VerifyPeerCertificate(serverCertificate?.Certificate))
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match the SDP fingerprint");
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            owner._options.Certificate.CreateSigner(owner.m_context);
    }
}
