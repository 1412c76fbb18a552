using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>RFC 7714 sections 16 (SRTP) and 17 (SRTCP) vectors for AEAD_AES_128_GCM and AEAD_AES_256_GCM, byte-exact.</summary>
public class Rfc7714AeadTests
{
    private static readonly byte[] Salt = Convert.FromHexString("517569642070726f2071756f");
    // "Gallia est omnis divisa in partes tres" behind a 12-byte header (SSRC 0x5501a0b2, SEQ 0xf17b, ROC 0).
    private static readonly byte[] RtpPlain = Convert.FromHexString(
        "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
    private static readonly byte[] RtcpPlain = Convert.FromHexString(
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    private const uint RtcpSsrc = 0x4d617273;
    private const uint RtcpIndex = 0x5d4;

    public static TheoryData<SrtpProfile, SrtpBackend> Cases()
    {
        var data = new TheoryData<SrtpProfile, SrtpBackend>();
        foreach (var b in SrtpTestData.Backends)
        {
            data.Add(SrtpProfile.AeadAes128Gcm, b);
            data.Add(SrtpProfile.AeadAes256Gcm, b);
        }
        return data;
    }

    private static byte[] Key(SrtpProfile profile) => Enumerable.Range(0, profile.KeyLength()).Select(i => (byte)i).ToArray();

    private static byte[] RtpProtected(SrtpProfile profile) => Convert.FromHexString(profile == SrtpProfile.AeadAes128Gcm
        ? "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce"
        : "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13");

    private static byte[] RtcpProtected(SrtpProfile profile) => Convert.FromHexString(profile == SrtpProfile.AeadAes128Gcm
        ? "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4"
        : "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4");

    // Section 17.2: E = 0, the compound is only authenticated: plaintext || tag || 0 || index.
    private static byte[] RtcpAuthenticatedOnly(SrtpProfile profile) => Convert.FromHexString(
        Convert.ToHexStringLower(RtcpPlain) + (profile == SrtpProfile.AeadAes128Gcm
            ? "841dd9683dd78ec92ae58790125f62b3000005d4"
            : "91db4afbfeee5a978fab4393ed2615fe000005d4"));

    private static SrtpContext Context(SrtpProfile profile, SrtpBackend backend)
    {
        var key = Key(profile);
        var keys = new SrtpSessionKeys
        {
            RtpEncryptionKey = key.ToArray(), RtpSalt = Salt.ToArray(), RtpAuthKey = [],
            RtcpEncryptionKey = key.ToArray(), RtcpSalt = Salt.ToArray(), RtcpAuthKey = [],
        };
        return SrtpContext.CreateFromSessionKeys(profile, keys, new SrtpContextOptions { Backend = backend });
    }

    [Fact]
    public void Vectors_HaveTheLengthsOfTheRfc()
    {
        Assert.Equal(50, RtpPlain.Length);
        Assert.Equal(52, RtcpPlain.Length);
        Assert.Equal(RtpPlain.Length + 16, RtpProtected(SrtpProfile.AeadAes128Gcm).Length);
        Assert.Equal(RtcpPlain.Length + 20, RtcpProtected(SrtpProfile.AeadAes256Gcm).Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section16_ProtectRtp(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        var buffer = new byte[RtpPlain.Length + 16];
        RtpPlain.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtp(buffer, RtpPlain.Length, out var n));
        Assert.Equal(RtpProtected(profile), buffer.AsSpan(0, n).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section16_UnprotectRtp(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        var buffer = RtpProtected(profile);
        Assert.True(context.TryUnprotectRtp(buffer, out var n, out var error), error.ToString());
        Assert.Equal(RtpPlain, buffer.AsSpan(0, n).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section17_ProtectRtcp(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        context.SetNextRtcpIndex(RtcpSsrc, RtcpIndex);
        var buffer = new byte[RtcpPlain.Length + 20];
        RtcpPlain.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtcp(buffer, RtcpPlain.Length, out var n));
        Assert.Equal(RtcpProtected(profile), buffer.AsSpan(0, n).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section17_UnprotectRtcp(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        var buffer = RtcpProtected(profile);
        Assert.True(context.TryUnprotectRtcp(buffer, out var n, out var error), error.ToString());
        Assert.Equal(RtcpPlain, buffer.AsSpan(0, n).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section17_UnprotectAuthenticatedOnlyRtcp(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        var buffer = RtcpAuthenticatedOnly(profile);
        Assert.True(context.TryUnprotectRtcp(buffer, out var n, out var error), error.ToString());
        Assert.Equal(RtcpPlain, buffer.AsSpan(0, n).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Section17_AuthenticatedOnlyRtcpWithAFlippedPlaintextBit_IsRefused(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = Context(profile, backend);
        var buffer = RtcpAuthenticatedOnly(profile);
        buffer[20] ^= 0x01;
        Assert.False(context.TryUnprotectRtcp(buffer, out _, out var error));
        Assert.Equal(SrtpError.AuthFailed, error);
    }
}
