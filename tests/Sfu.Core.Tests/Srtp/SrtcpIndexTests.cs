using System.Buffers.Binary;
using System.Security.Cryptography;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>The 31-bit SRTCP index and the E flag (RFC 3711 section 3.4; key lifetime 2^31, section 9.2).</summary>
public class SrtcpIndexTests
{
    private static int IndexOffset(SrtpProfile profile, int protectedLength) =>
        profile.IsAead() ? protectedLength - 4 : protectedLength - profile.RtcpTagLength() - 4;

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void IndicesStartAtZero_AndCarryTheEFlag(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            for (uint i = 0; i < 3; i++)
            {
                var packet = SrtpTestData.Rtcp();
                var plain = packet[..28];
                Assert.True(sender.TryProtectRtcp(packet, 28, out var n));
                Assert.Equal(28 + sender.RtcpOverhead, n);
                Assert.Equal(0x8000_0000u | i, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(IndexOffset(profile, n))));
                Assert.NotEqual(plain.AsSpan(8).ToArray(), packet.AsSpan(8, 20).ToArray());
                Assert.True(receiver.TryUnprotectRtcp(packet.AsSpan(0, n), out var plainLength, out _));
                Assert.Equal(plain, packet.AsSpan(0, plainLength).ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void RoundTrip_UpToIndex2Pow31MinusOne_ThenProtectRefusesToReuseAnIndex(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            const uint ssrc = 0x1234_5678;
            sender.SetNextRtcpIndex(ssrc, 0x7FFF_FFFE);
            foreach (var expected in new uint[] { 0x7FFF_FFFE, 0x7FFF_FFFF })
            {
                var packet = SrtpTestData.Rtcp(ssrc);
                var plain = packet[..28];
                Assert.True(sender.TryProtectRtcp(packet, 28, out var n));
                // All 31 index bits set must not spill into the E flag, and vice versa.
                Assert.Equal(0x8000_0000u | expected, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(IndexOffset(profile, n))));
                Assert.True(receiver.TryUnprotectRtcp(packet.AsSpan(0, n), out var plainLength, out var error), error.ToString());
                Assert.Equal(plain, packet.AsSpan(0, plainLength).ToArray());
            }
            var last = SrtpTestData.Rtcp(ssrc);
            Assert.False(sender.TryProtectRtcp(last, 28, out _, out var exhausted));
            Assert.Equal(SrtpError.IndexExhausted, exhausted);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void IndexRewrittenOnTheWire_FailsAuthentication(SrtpProfile profile)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, SrtpBackend.Accelerated);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestData.Rtcp();
            Assert.True(sender.TryProtectRtcp(packet, 28, out var n));
            var at = IndexOffset(profile, n);
            packet[at + 3] ^= 0x01;                   // another index
            Assert.False(receiver.TryUnprotectRtcp(packet.AsSpan(0, n).ToArray(), out _, out var error));
            Assert.Equal(SrtpError.AuthFailed, error);
            packet[at + 3] ^= 0x01;
            packet[at] &= 0x7F;                       // clear E: claims the compound is plaintext
            Assert.False(receiver.TryUnprotectRtcp(packet.AsSpan(0, n).ToArray(), out _, out error));
            Assert.Equal(SrtpError.AuthFailed, error);
            packet[at] |= 0x80;
            Assert.True(receiver.TryUnprotectRtcp(packet.AsSpan(0, n), out _, out _));
        }
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32)]
    public void AesCmUnencryptedSrtcp_EFlagClear_IsAuthenticatedAndLeftInTheClear(SrtpProfile profile)
    {
        // Built independently with .NET's HMACSHA1: compound || (E=0 | index) || HMAC-SHA1(k_a, both)[..10] (RFC 3711 3.4).
        var masterKey = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var masterSalt = Enumerable.Range(50, 14).Select(i => (byte)i).ToArray();
        var authKey = new byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtcpAuthentication, authKey);
        var plain = SrtpTestData.Rtcp()[..28];
        byte[] authenticated = [.. plain, 0x00, 0x00, 0x00, 0x05];
        byte[] packet = [.. authenticated, .. HMACSHA1.HashData(authKey, authenticated)[..10]];

        using var receiver = SrtpContext.Create(profile, masterKey, masterSalt);
        Assert.True(receiver.TryUnprotectRtcp(packet.ToArray(), out var plainLength, out var error), error.ToString());
        Assert.Equal(28, plainLength);
        Assert.False(receiver.TryUnprotectRtcp(packet.ToArray(), out _, out error));
        Assert.Equal(SrtpError.Replay, error);
        packet[10] ^= 1;
        packet[31] = 6; // a fresh index, so the refusal below is the tag's
        Assert.False(receiver.TryUnprotectRtcp(packet, out _, out error));
        Assert.Equal(SrtpError.AuthFailed, error);
    }
}
