using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Sfu.Transport.Dtls;

/// <summary>
/// The server's DTLS identity: a self-signed ECDSA P-256 certificate generated once at start, its private
/// key, the BouncyCastle TLS certificate chain built from it, and its SDP fingerprint.
/// </summary>
/// <remarks>
/// RFC 8827 §6.5 / RFC 8122: WebRTC authenticates DTLS by the certificate fingerprint signalled in SDP, so the
/// certificate is self-signed and only its hash matters. ECDSA P-256 is what browsers generate themselves
/// and keeps the Certificate message well under one 1200-byte datagram.
/// </remarks>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Chain = new Certificate([new BcTlsCertificate(DtlsCrypto.Instance, der)]);
        Fingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The DER-encoded X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The ECDSA P-256 private key (BouncyCastle form, for the credentialed signer).</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The one-certificate chain BouncyCastle sends in the Certificate message.</summary>
    public Certificate Chain { get; }

    /// <summary>The sha-256 fingerprint.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The fingerprint in SDP form, e.g. "sha-256 AB:CD:...", for <c>a=fingerprint</c>.</summary>
    public string SdpFingerprint => Fingerprint.ToString();

    /// <summary>
    /// Generates a fresh key pair and a self-signed certificate valid from yesterday (clock skew) for
    /// <paramref name="validity"/> (default 30 days; a process restart makes a new one).
    /// </summary>
    public static DtlsCertificate Generate(string commonName = "sfu", TimeSpan? validity = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("ECDSA");
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=" + commonName);
        var generator = new X509V3CertificateGenerator();
        // A positive random 64-bit serial: RFC 5280 §4.1.2.2 wants it unique per issuer and non-negative.
        generator.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        var now = DateTime.UtcNow;
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + (validity ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private);
    }

    /// <summary>The credentialed signer BouncyCastle uses to sign ServerKeyExchange / CertificateVerify.</summary>
    internal TlsCredentialedSigner CreateSigner(TlsContext context) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), DtlsCrypto.Instance, PrivateKey, Chain,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
}
