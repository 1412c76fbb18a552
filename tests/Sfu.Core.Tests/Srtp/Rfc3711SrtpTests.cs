using CsCheck;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), byte-exact.</summary>
public class Rfc3711SrtpTests
{
    private static readonly byte[] B2SessionKey = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] B2SessionSalt = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
    // Keystream segments for counter blocks 0000, 0001 and 0002.
    private static readonly byte[] B2Keystream = Convert.FromHexString(
        "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0");

    [Theory]
    [MemberData(nameof(SrtpTestData.BackendData), MemberType = typeof(SrtpTestData))]
    public void B2_AesCmKeystream_IsWhatAnAllZeroPayloadEncryptsTo(SrtpBackend backend)
    {
        // With SSRC 0 and index 0 the IV is the salt * 2^16, as in B.2; a zero payload encrypts to the keystream itself.
        var keys = new SrtpSessionKeys
        {
            RtpEncryptionKey = B2SessionKey.ToArray(), RtpSalt = B2SessionSalt.ToArray(), RtpAuthKey = new byte[20],
            RtcpEncryptionKey = B2SessionKey.ToArray(), RtcpSalt = B2SessionSalt.ToArray(), RtcpAuthKey = new byte[20],
        };
        using var context = SrtpContext.CreateFromSessionKeys(SrtpProfile.AesCm128HmacSha1_80, keys, new SrtpContextOptions { Backend = backend });
        var packet = new byte[12 + B2Keystream.Length + 10];
        packet[0] = 0x80;
        packet[1] = 0x0F;
        packet[4] = 0xDE; packet[5] = 0xCA; packet[6] = 0xFB; packet[7] = 0xAD;
        Assert.True(context.TryProtectRtp(packet, 12 + B2Keystream.Length, out var n));
        Assert.Equal(12 + B2Keystream.Length + 10, n);
        Assert.Equal(B2Keystream, packet.AsSpan(12, B2Keystream.Length).ToArray());
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.BackendData), MemberType = typeof(SrtpTestData))]
    public void B2_KeystreamFromTheCipherBackend_MatchesAtEveryLength(SrtpBackend backend)
    {
        using var cipher = SrtpCipherFactory.CreateCmHmac(backend, B2SessionKey, new byte[20]);
        var iv = new byte[16];
        B2SessionSalt.CopyTo(iv, 0);
        for (var length = 0; length <= B2Keystream.Length; length++)
        {
            var data = new byte[length];
            cipher.ApplyKeystream(iv, data);
            Assert.Equal(B2Keystream[..length], data);
        }
    }

    [Fact]
    public void B3_KeyDerivation_GivesTheSessionKeySaltAndAuthKey()
    {
        var masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var key = new byte[16];
        var salt = new byte[14];
        var auth = new byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpAuthentication, auth);
        Assert.Equal(Convert.FromHexString("C61E7A93744F39EE10734AFE3FF7A087"), key);
        Assert.Equal(Convert.FromHexString("30CBBC08863D8C85D49DB34A9AE1"), salt);
        Assert.Equal(Convert.FromHexString("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), auth);
    }

    [Fact]
    public void B3_SessionKeysOfAContext_UseTheSameDerivation()
    {
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80,
            Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139"), Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6"));
        Assert.Equal(Convert.FromHexString("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpEncryptionKey);
        Assert.Equal(Convert.FromHexString("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Convert.FromHexString("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthKey);
        Assert.NotEqual(keys.RtpEncryptionKey, keys.RtcpEncryptionKey);
    }

    [Theory]
    [InlineData(0x0000_0000_0000UL, (ushort)0x1234, 0x0000_0000_1234UL)]   // same cycle, ahead
    [InlineData(0x0000_0000_1234UL, (ushort)0x1200, 0x0000_0000_1200UL)]   // same cycle, slightly behind
    [InlineData(0x0000_0000_FFF0UL, (ushort)0x0005, 0x0000_0001_0005UL)]   // wrapped: v = ROC + 1
    [InlineData(0x0000_0001_0005UL, (ushort)0xFFF0, 0x0000_0000_FFF0UL)]   // late packet from before the wrap: v = ROC - 1
    [InlineData(0x0000_0000_0005UL, (ushort)0xFFF0, 0x0000_0000_FFF0UL)]   // at ROC 0 there is no earlier cycle
    [InlineData(0x0000_0007_8000UL, (ushort)0x0000, 0x0000_0007_0000UL)]   // exactly half the space behind stays in the cycle
    public void AppendixA_IndexEstimation_PicksTheNearestRolloverCount(ulong highest, ushort seq, ulong expected) =>
        Assert.Equal(expected, SrtpContext.EstimateIndex(highest, seq));

    [Fact]
    public void AppendixA_IndexEstimation_IsNearestToTheHighestIndex_OnRandomInput()
    {
        // Model: of the candidates ROC-1, ROC, ROC+1 (no ROC-1 at ROC 0), the one closest to the highest
        // index wins; at exactly half the sequence space both ways the current ROC is kept.
        Gen.Select(Gen.UInt[0, 100], Gen.UShort, Gen.UShort).Sample((roc, sl, seq) =>
        {
            var highest = ((ulong)roc << 16) | sl;
            var actual = SrtpContext.EstimateIndex(highest, seq);
            var best = ((ulong)roc << 16) | seq;
            var bestDistance = Distance(best, highest);
            foreach (var v in new long[] { roc - 1L, roc + 1L })
            {
                if (v < 0) continue;
                var candidate = ((ulong)v << 16) | seq;
                if (Distance(candidate, highest) < bestDistance)
                {
                    best = candidate;
                    bestDistance = Distance(candidate, highest);
                }
            }
            return actual == best;
        }, iter: PropertyCases.Count);

        static ulong Distance(ulong a, ulong b) => a > b ? a - b : b - a;
    }
}
