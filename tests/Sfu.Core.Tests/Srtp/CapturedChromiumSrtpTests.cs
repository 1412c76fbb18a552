using System.Security.Cryptography;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Every SRTP and SRTCP packet Chromium 156 sent in the shared captures, with the recorded keying material.</summary>
public class CapturedChromiumSrtpTests
{
    public static TheoryData<string> Files() => new(CaptureFixture.FileNames());

    public static TheoryData<string, SrtpBackend> FilesAndBackends()
    {
        var data = new TheoryData<string, SrtpBackend>();
        foreach (var f in CaptureFixture.FileNames())
            foreach (var b in SrtpTestData.Backends) data.Add(f, b);
        return data;
    }

    [Fact]
    public void Captures_CoverBothNegotiatedProfiles()
    {
        var profiles = CaptureFixture.FileNames().Select(f => CaptureFixture.Load(f).Profile).Distinct().ToList();
        Assert.Contains(SrtpProfile.AeadAes128Gcm, profiles);
        Assert.Contains(SrtpProfile.AesCm128HmacSha1_80, profiles);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void KeyingMaterial_SplitsIntoTheRecordedClientAndServerKeys(string file)
    {
        var f = CaptureFixture.Load(file);
        Assert.Equal(SrtpKeyingMaterial.GetLength(f.Profile), f.KeyingMaterial.Length);
        SrtpKeyingMaterial.Split(f.Profile, f.KeyingMaterial, SrtpRole.Client, out var clientKey, out var clientSalt);
        SrtpKeyingMaterial.Split(f.Profile, f.KeyingMaterial, SrtpRole.Server, out var serverKey, out var serverSalt);
        Assert.Equal(f.ClientMasterKey, clientKey.ToArray());
        Assert.Equal(f.ClientMasterSalt, clientSalt.ToArray());
        Assert.Equal(f.ServerMasterKey, serverKey.ToArray());
        Assert.Equal(f.ServerMasterSalt, serverSalt.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void KeyDerivation_MatchesTheRecordedSessionKeys(string file)
    {
        var f = CaptureFixture.Load(file);
        var keys = SrtpSessionKeys.Derive(f.Profile, f.ClientMasterKey, f.ClientMasterSalt);
        Assert.Equal(f.ClientSessionKeys["srtp_encryption_key"], keys.RtpEncryptionKey);
        Assert.Equal(f.ClientSessionKeys["srtcp_encryption_key"], keys.RtcpEncryptionKey);
        // The capture records 14-byte KDF salts; an AEAD session salt is its first 12 bytes (RFC 7714 section 11).
        Assert.Equal(f.ClientSessionKeys["srtp_salt"].AsSpan(0, keys.RtpSalt.Length).ToArray(), keys.RtpSalt);
        Assert.Equal(f.ClientSessionKeys["srtcp_salt"].AsSpan(0, keys.RtcpSalt.Length).ToArray(), keys.RtcpSalt);
        Assert.Equal(f.ClientSessionKeys["srtp_auth_key"], keys.RtpAuthKey);
        Assert.Equal(f.ClientSessionKeys["srtcp_auth_key"], keys.RtcpAuthKey);
    }

    [Theory]
    [MemberData(nameof(FilesAndBackends))]
    public void EverySrtpPacket_UnprotectsToItsRecordedPlaintext(string file, SrtpBackend backend)
    {
        var f = CaptureFixture.Load(file);
        using var inbound = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Server, new SrtpContextOptions { Backend = backend });
        Assert.True(f.Srtp.Count > 1000);
        foreach (var p in f.Srtp)
        {
            var buffer = p.Packet.ToArray();
            Assert.True(inbound.TryUnprotectRtp(buffer, out var plainLength, out var error), $"{file} seq {p.Seq}: {error}");
            Assert.Equal(p.Packet.Length - f.Profile.RtpTagLength(), plainLength);
            Assert.Equal(p.PlainSha256, Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, plainLength))));
        }
    }

    [Theory]
    [MemberData(nameof(FilesAndBackends))]
    public void EverySrtcpPacket_UnprotectsToItsRecordedPlaintext(string file, SrtpBackend backend)
    {
        var f = CaptureFixture.Load(file);
        using var inbound = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Server, new SrtpContextOptions { Backend = backend });
        Assert.NotEmpty(f.Srtcp);
        foreach (var p in f.Srtcp)
        {
            var buffer = p.Packet.ToArray();
            Assert.True(inbound.TryUnprotectRtcp(buffer, out var plainLength, out var error), $"{file} index {p.Index}: {error}");
            Assert.Equal(p.Plain, buffer.AsSpan(0, plainLength).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(FilesAndBackends))]
    public void ProtectingTheRecordedPlaintext_ReproducesChromiumsBytes(string file, SrtpBackend backend)
    {
        var f = CaptureFixture.Load(file);
        var options = new SrtpContextOptions { Backend = backend };
        using var inbound = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Server, options);
        // Acting as Chromium (the DTLS client): our outbound context with the client role must produce its exact bytes.
        using var outbound = SrtpKeyingMaterial.CreateOutbound(f.Profile, f.KeyingMaterial, SrtpRole.Client, options);
        foreach (var p in f.Srtp)
        {
            var buffer = p.Packet.ToArray();
            Assert.True(inbound.TryUnprotectRtp(buffer, out var plainLength, out _));
            Assert.True(outbound.TryProtectRtp(buffer, plainLength, out var protectedLength));
            Assert.Equal(p.Packet, buffer.AsSpan(0, protectedLength).ToArray());
        }
        foreach (var p in f.Srtcp)
        {
            var buffer = new byte[p.Packet.Length];
            p.Plain.CopyTo(buffer, 0);
            outbound.SetNextRtcpIndex(p.SenderSsrc, p.Index);
            Assert.True(outbound.TryProtectRtcp(buffer, p.Plain.Length, out var protectedLength));
            Assert.Equal(p.Packet, buffer.AsSpan(0, protectedLength).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryCapturedPacket_ReplayedOnce_IsRefusedAsReplay(string file)
    {
        var f = CaptureFixture.Load(file);
        using var inbound = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Server);
        foreach (var p in f.Srtp)
        {
            Assert.True(inbound.TryUnprotectRtp(p.Packet.ToArray(), out _, out _));
            Assert.False(inbound.TryUnprotectRtp(p.Packet.ToArray(), out _, out var error));
            Assert.Equal(SrtpError.Replay, error);
        }
        foreach (var p in f.Srtcp)
        {
            Assert.True(inbound.TryUnprotectRtcp(p.Packet.ToArray(), out _, out _));
            Assert.False(inbound.TryUnprotectRtcp(p.Packet.ToArray(), out _, out var error));
            Assert.Equal(SrtpError.Replay, error);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CapturedPackets_UnderTheWrongRolesKeys_FailAuthentication(string file)
    {
        var f = CaptureFixture.Load(file);
        // Chromium protects with the client key; a context built for the other direction must refuse it.
        using var wrong = SrtpKeyingMaterial.CreateInbound(f.Profile, f.KeyingMaterial, SrtpRole.Client);
        var error = SrtpError.None;
        Assert.False(wrong.TryUnprotectRtp(f.Srtp[0].Packet.ToArray(), out _, out error));
        Assert.Equal(SrtpError.AuthFailed, error);
        Assert.False(wrong.TryUnprotectRtcp(f.Srtcp[0].Packet.ToArray(), out _, out error));
        Assert.Equal(SrtpError.AuthFailed, error);
        Assert.Equal(0, wrong.SsrcCount);
    }
}
