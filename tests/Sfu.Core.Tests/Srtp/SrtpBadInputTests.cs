using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Malformed, truncated, forged and unexpected input: refused with a reason, never an exception, never a state change.</summary>
public class SrtpBadInputTests
{
    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void SrtpShorterThanHeaderPlusTag_IsTooShort(SrtpProfile profile)
    {
        using var context = SrtpContext.Create(profile, new byte[profile.KeyLength()], new byte[profile.SaltLength()]);
        for (var length = 0; length < 12 + profile.RtpTagLength(); length++)
        {
            var packet = new byte[length];
            if (length > 0) packet[0] = 0x80;
            Assert.False(context.TryUnprotectRtp(packet, out var plainLength, out var error));
            Assert.Equal(SrtpError.TooShort, error);
            Assert.Equal(0, plainLength);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void SrtcpShorterThanHeaderIndexAndTag_IsTooShort(SrtpProfile profile)
    {
        // libsrtp #50 and pion #206: a length below the tag once wrapped negative.
        using var context = SrtpContext.Create(profile, new byte[profile.KeyLength()], new byte[profile.SaltLength()]);
        for (var length = 0; length < 8 + profile.RtcpOverhead(); length++)
        {
            var packet = new byte[length];
            if (length > 0) packet[0] = 0x80;
            Assert.False(context.TryUnprotectRtcp(packet, out _, out var error));
            Assert.Equal(SrtpError.TooShort, error);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x8F }, SrtpError.Malformed)]               // 15 CSRCs in a 40-byte packet
    [InlineData(new byte[] { 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0xFF, 0xFF }, SrtpError.Malformed)] // extension length beyond the packet
    [InlineData(new byte[] { 0x40 }, SrtpError.BadVersion)]
    public void SrtpWithABrokenHeader_IsRefusedWithItsReason(byte[] prefix, SrtpError expected)
    {
        using var context = SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        var packet = new byte[40];
        prefix.CopyTo(packet, 0);
        Assert.False(context.TryUnprotectRtp(packet, out _, out var error));
        Assert.Equal(expected, error);
        var buffer = new byte[80];
        prefix.CopyTo(buffer, 0);
        Assert.False(context.TryProtectRtp(buffer, 40, out _, out error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void WrongTag_IsAuthFailed(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var rtp = SrtpTestData.Rtp(7);
            Assert.True(sender.TryProtectRtp(rtp, SrtpTestData.RtpLength(), out var n));
            rtp[n - 1] ^= 0x80;
            Assert.False(receiver.TryUnprotectRtp(rtp.AsSpan(0, n), out _, out var error));
            Assert.Equal(SrtpError.AuthFailed, error);
            Assert.Equal(PacketDropReason.AuthFailed, error.ToDropReason());

            var rtcp = SrtpTestData.Rtcp();
            Assert.True(sender.TryProtectRtcp(rtcp, 28, out var m));
            rtcp[profile.IsAead() ? m - 5 : m - 1] ^= 0x80;
            Assert.False(receiver.TryUnprotectRtcp(rtcp.AsSpan(0, m), out _, out error));
            Assert.Equal(SrtpError.AuthFailed, error);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void UnknownSsrc_IsRefused_WhenLearningIsOffOrTheTableIsFull(SrtpProfile profile)
    {
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        using var sender = SrtpContext.Create(profile, key, salt);
        using var strict = SrtpContext.Create(profile, key, salt, new SrtpContextOptions { LearnSsrcs = false });
        using var small = SrtpContext.Create(profile, key, salt, new SrtpContextOptions { MaxSsrcs = 2 });

        byte[] Packet(uint ssrc)
        {
            var p = SrtpTestData.Rtp(1, ssrc);
            Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(), out var n));
            return p[..n];
        }

        Assert.False(strict.TryUnprotectRtp(Packet(1), out _, out var error));
        Assert.Equal(SrtpError.UnknownSsrc, error);
        Assert.Equal(PacketDropReason.UnknownSsrc, error.ToDropReason());
        var rtcp = SrtpTestData.Rtcp(1);
        Assert.True(sender.TryProtectRtcp(rtcp, 28, out var m));
        Assert.False(strict.TryUnprotectRtcp(rtcp.AsSpan(0, m).ToArray(), out _, out error));
        Assert.Equal(SrtpError.UnknownSsrc, error);
        Assert.True(strict.AddSsrc(1));
        Assert.True(strict.TryUnprotectRtcp(rtcp.AsSpan(0, m), out _, out _));

        Assert.True(small.TryUnprotectRtp(Packet(10), out _, out _));
        Assert.True(small.TryUnprotectRtp(Packet(11), out _, out _));
        Assert.False(small.TryUnprotectRtp(Packet(12), out _, out error));
        Assert.Equal(SrtpError.UnknownSsrc, error);
        Assert.Equal(2, small.SsrcCount);
        Assert.True(small.RemoveSsrc(10));
        Assert.False(small.RemoveSsrc(10));
        Assert.True(small.TryUnprotectRtp(Packet(12), out _, out _));
        // SSRC 11 kept its state through the removal of 10: the same packet again is a replay.
        Assert.False(small.TryUnprotectRtp(Packet(11), out _, out error));
        Assert.Equal(SrtpError.Replay, error);
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void Protect_WithoutRoomForTheTag_IsBufferTooSmall(SrtpProfile profile)
    {
        using var context = SrtpContext.Create(profile, new byte[profile.KeyLength()], new byte[profile.SaltLength()]);
        var rtp = SrtpTestData.Rtp(1, room: profile.RtpTagLength() - 1);
        Assert.False(context.TryProtectRtp(rtp, SrtpTestData.RtpLength(), out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        var rtcp = SrtpTestData.Rtcp(room: profile.RtcpOverhead() - 1);
        Assert.False(context.TryProtectRtcp(rtcp, 28, out _, out error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        Assert.False(context.TryProtectRtcp(rtcp, 7, out _, out error));
        Assert.Equal(SrtpError.TooShort, error);
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void RandomDatagrams_AreRefusedWithoutException(SrtpProfile profile, SrtpBackend backend)
    {
        using var context = SrtpContext.Create(profile, new byte[profile.KeyLength()], new byte[profile.SaltLength()],
            new SrtpContextOptions { Backend = backend });
        var cases = backend == SrtpBackend.Portable && profile.IsAead() ? Math.Max(1, PropertyCases.Count / 20) : PropertyCases.Count;
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            var rtp = bytes.ToArray();
            var rtcp = bytes.ToArray();
            return !context.TryUnprotectRtp(rtp, out _, out var e1) && e1 != SrtpError.None
                && !context.TryUnprotectRtcp(rtcp, out _, out var e2) && e2 != SrtpError.None;
        }, iter: cases, threads: 1); // one context: contexts are single-threaded by contract
        Assert.Equal(0, context.SsrcCount);
    }

    public static TheoryData<string> Files() => new(CaptureFixture.FileNames());

    [Theory]
    [MemberData(nameof(Files))]
    public void MutatedCapturedPackets_FlippedTruncatedOrExtended_AreAllRefused(string file)
    {
        var f = CaptureFixture.Load(file);
        using var inbound = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Server);
        var srtp = f.Srtp.Select(p => p.Packet).ToArray();
        var srtcp = f.Srtcp.Select(p => p.Packet).ToArray();
        // kind 0: flip bits of one byte; 1: truncate; 2: extend with random bytes.
        var gen = Gen.Select(Gen.Bool, Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte[1, 255], Gen.Byte.Array[1, 64]);
        gen.Sample((isRtcp, which, kind, position, mask, tail) =>
        {
            var source = isRtcp ? srtcp[which % srtcp.Length] : srtp[which % srtp.Length];
            byte[] mutated;
            switch (kind)
            {
                case 0:
                    mutated = source.ToArray();
                    mutated[position % mutated.Length] ^= mask;
                    break;
                case 1:
                    mutated = source[..(position % source.Length)];
                    break;
                default:
                    mutated = [.. source, .. tail];
                    break;
            }
            var ok = isRtcp ? inbound.TryUnprotectRtcp(mutated, out _, out var error) : inbound.TryUnprotectRtp(mutated, out _, out error);
            return !ok && error != SrtpError.None;
        }, iter: PropertyCases.Count, threads: 1); // one context: contexts are single-threaded by contract
        Assert.Equal(0, inbound.SsrcCount);
        // Nothing was recorded: the genuine packets still pass afterwards.
        Assert.True(inbound.TryUnprotectRtp(srtp[0].ToArray(), out _, out _));
        Assert.True(inbound.TryUnprotectRtcp(srtcp[0].ToArray(), out _, out _));
    }
}
