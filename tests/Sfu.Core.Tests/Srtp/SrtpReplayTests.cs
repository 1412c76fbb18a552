using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Replay protection (RFC 3711 section 3.3.2): check before authentication, record only after it.</summary>
public class SrtpReplayTests
{
    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void SamePacketInjectedAThousandTimes_IsAcceptedOnce(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestData.Rtp(100);
            Assert.True(sender.TryProtectRtp(packet, SrtpTestData.RtpLength(), out var n));
            var accepted = 0;
            for (var i = 0; i < 1000; i++)
            {
                if (receiver.TryUnprotectRtp(packet.AsSpan(0, n).ToArray(), out _, out var error)) accepted++;
                else Assert.Equal(SrtpError.Replay, error);
            }
            Assert.Equal(1, accepted);

            var rtcp = SrtpTestData.Rtcp();
            Assert.True(sender.TryProtectRtcp(rtcp, 28, out var m));
            accepted = 0;
            for (var i = 0; i < 1000; i++)
            {
                if (receiver.TryUnprotectRtcp(rtcp.AsSpan(0, m).ToArray(), out _, out var error)) accepted++;
                else Assert.Equal(SrtpError.Replay, error);
            }
            Assert.Equal(1, accepted);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    [InlineData(1024)]
    public void PacketsOlderThanTheWindow_AreRefused_NewerOnesOutOfOrderAreAccepted(int windowSize)
    {
        var (sender, receiver) = SrtpTestData.Pair(SrtpProfile.AeadAes128Gcm, SrtpBackend.Accelerated,
            receiverOptions: new SrtpContextOptions { ReplayWindowSize = windowSize });
        using (sender)
        using (receiver)
        {
            var packets = new byte[windowSize + 2][];
            for (var i = 0; i < packets.Length; i++)
            {
                var p = SrtpTestData.Rtp((ushort)(1000 + i), payloadLength: 10);
                Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(10), out var n));
                packets[i] = p[..n];
            }
            // Newest first, then the rest in reverse: everything within the window is still new.
            var newest = packets.Length - 1;
            Assert.True(receiver.TryUnprotectRtp(packets[newest].ToArray(), out _, out _));
            for (var i = newest - 1; i >= newest - windowSize + 1; i--)
                Assert.True(receiver.TryUnprotectRtp(packets[i].ToArray(), out _, out var e), $"age {newest - i}: {e}");
            // Exactly window-size behind the highest: too old.
            Assert.False(receiver.TryUnprotectRtp(packets[newest - windowSize].ToArray(), out _, out var error));
            Assert.Equal(SrtpError.Replay, error);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void TamperedPacket_IsRefusedWithoutChangingState(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var genuine = new List<byte[]>();
            for (var i = 0; i < 3; i++)
            {
                var p = SrtpTestData.Rtp((ushort)(10 + i));
                Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(), out var n));
                genuine.Add(p[..n]);
            }
            Assert.True(receiver.TryUnprotectRtp(genuine[0].ToArray(), out _, out _));

            // A forgery of a far-ahead sequence number would, if recorded, move ROC and s_l and shut out seq 11.
            var forged = genuine[1].ToArray();
            forged[2] = 0x90; forged[3] = 0x00;
            Assert.False(receiver.TryUnprotectRtp(forged, out _, out var error));
            Assert.Equal(SrtpError.AuthFailed, error);
            // A bit flip in the payload and in the tag.
            foreach (var at in new[] { 30, genuine[1].Length - 1 })
            {
                var t = genuine[1].ToArray();
                t[at] ^= 0x40;
                Assert.False(receiver.TryUnprotectRtp(t, out _, out error));
                Assert.Equal(SrtpError.AuthFailed, error);
            }
            Assert.True(receiver.TryUnprotectRtp(genuine[1].ToArray(), out _, out error), error.ToString());
            Assert.True(receiver.TryUnprotectRtp(genuine[2].ToArray(), out _, out error), error.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void ForgedPacketOfANewSsrc_IsNotLearned(SrtpProfile profile)
    {
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        using var sender = SrtpContext.Create(profile, key, salt, new SrtpContextOptions { MaxSsrcs = 100 });
        using var receiver = SrtpContext.Create(profile, key, salt);
        {
            var rng = new Random(3);
            for (var i = 0; i < 100; i++)
            {
                var p = SrtpTestData.Rtp((ushort)i, ssrc: (uint)rng.Next());
                Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(), out var n));
                p[n - 1] ^= 1;
                Assert.False(receiver.TryUnprotectRtp(p.AsSpan(0, n), out _, out _));
            }
            Assert.Equal(0, receiver.SsrcCount);
        }
    }
}
