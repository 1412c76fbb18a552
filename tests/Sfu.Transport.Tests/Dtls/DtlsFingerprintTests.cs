using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>RFC 8122 §5 fingerprints: parsing, formatting and matching against certificates.</summary>
public sealed class DtlsFingerprintTests
{
    [Fact]
    public void Generated_certificate_fingerprint_is_sha256_of_its_DER_in_SDP_form()
    {
        var certificate = DtlsTestPeers.ServerCertificate;
        var expected = SHA256.HashData(certificate.Der);
        Assert.Equal(expected, certificate.Fingerprint.Digest.ToArray());
        Assert.StartsWith("sha-256 ", certificate.SdpFingerprint, StringComparison.Ordinal);
        Assert.Equal("sha-256 " + string.Join(':', expected.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), certificate.SdpFingerprint);
        Assert.Equal(8 + (32 * 3) - 1, certificate.SdpFingerprint.Length);
    }

    [Fact]
    public void Generated_certificate_is_ECDSA_P256_self_signed()
    {
        using var x509 = X509CertificateLoader.LoadCertificate(DtlsTestPeers.ServerCertificate.Der);
        using var key = x509.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key!.KeySize);
        Assert.Equal(x509.Issuer, x509.Subject);
        Assert.True(x509.NotBefore < DateTime.Now && x509.NotAfter > DateTime.Now.AddDays(7));
    }

    [Theory]
    [MemberData(nameof(ChromiumClientHelloTests.Captures), MemberType = typeof(ChromiumClientHelloTests))]
    public void Chromium_offer_fingerprint_matches_its_certificate(string capture)
    {
        var fixture = ChromiumCapture.Load(capture);
        Assert.True(fixture.ClientFingerprint.Matches(fixture.ClientCertificateDer));
        Assert.False(fixture.ClientFingerprint.Matches(DtlsTestPeers.ServerCertificate.Der));
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-256", 32)]
    [InlineData("SHA-384", 48)]
    [InlineData("sha-512", 64)]
    public void Other_hash_functions_parse_and_match(string token, int length)
    {
        var der = DtlsTestPeers.ClientCertificate.Der;
        var computed = DtlsFingerprint.Compute(der, token);
        Assert.Equal(length, computed.Digest.Length);
        Assert.True(DtlsFingerprint.TryParse(computed.ToString().ToLowerInvariant(), out var parsed));
        Assert.True(parsed!.Matches(der));
        Assert.False(parsed.Matches(DtlsTestPeers.ServerCertificate.Der));
        Assert.Equal(computed.ToString(), parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-224 AB:CD")]
    [InlineData("sha-1 AB:CD")]
    [InlineData("sha-1 ZZ:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-1 00-00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-1 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void Malformed_fingerprints_are_refused(string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out var fingerprint));
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Any_string_parses_or_is_refused_without_throwing()
    {
        Gen.String.Sample(s =>
        {
            if (DtlsFingerprint.TryParse(s, out var f)) Assert.NotNull(f);
        }, iter: PropertyCases.Count);
        // Mutations of a valid value: every character position replaced, the string cut anywhere.
        var valid = DtlsTestPeers.ServerCertificate.SdpFingerprint;
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char).Sample((at, c) =>
        {
            var mutated = valid[..at] + c + valid[(at + 1)..];
            if (DtlsFingerprint.TryParse(mutated, out var f))
                Assert.Equal(f!.Matches(DtlsTestPeers.ServerCertificate.Der), string.Equals(f.ToString(), valid, StringComparison.Ordinal));
        }, iter: PropertyCases.Count);
        Gen.Int[0, valid.Length - 1].Sample(cut => Assert.False(DtlsFingerprint.TryParse(valid[..cut], out _)), iter: PropertyCases.Count);
    }
}
