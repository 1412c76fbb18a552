using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Theory data and packet builders shared by the SRTP tests.</summary>
internal static class SrtpTestData
{
    public static readonly SrtpProfile[] Profiles =
        [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AesCm128HmacSha1_32, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    public static readonly SrtpBackend[] Backends = [SrtpBackend.Accelerated, SrtpBackend.Portable];

    public static TheoryData<SrtpProfile, SrtpBackend> ProfilesAndBackends()
    {
        var data = new TheoryData<SrtpProfile, SrtpBackend>();
        foreach (var p in Profiles)
            foreach (var b in Backends) data.Add(p, b);
        return data;
    }

    public static TheoryData<SrtpBackend> BackendData() => new(Backends);

    public static TheoryData<SrtpProfile> ProfileData() => new(Profiles);

    /// <summary>A sender and a receiver context sharing one random master key.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile, SrtpBackend backend, int seed = 1, SrtpContextOptions? receiverOptions = null)
    {
        var rng = new Random(seed);
        var key = new byte[profile.KeyLength()];
        var salt = new byte[profile.SaltLength()];
        rng.NextBytes(key);
        rng.NextBytes(salt);
        var options = new SrtpContextOptions { Backend = backend };
        var receiver = receiverOptions is null ? options : new SrtpContextOptions
        {
            Backend = backend,
            ReplayWindowSize = receiverOptions.ReplayWindowSize,
            MaxSsrcs = receiverOptions.MaxSsrcs,
            LearnSsrcs = receiverOptions.LearnSsrcs,
        };
        return (SrtpContext.Create(profile, key, salt, options), SrtpContext.Create(profile, key, salt, receiver));
    }

    /// <summary>An RTP packet (12-byte header plus one-byte-header extension of 8 bytes) in a buffer with room for the tag.</summary>
    public static byte[] Rtp(ushort seq, uint ssrc = 0x1234_5678, int payloadLength = 160, int room = 32, byte fill = 0xAB)
    {
        const int headerLength = 12 + 4 + 8;
        var buffer = new byte[headerLength + payloadLength + room];
        buffer[0] = 0x90; // V=2, X=1
        buffer[1] = 111;
        buffer[2] = (byte)(seq >> 8);
        buffer[3] = (byte)seq;
        buffer[4] = 0x01; buffer[5] = 0x02; buffer[6] = 0x03; buffer[7] = 0x04;
        buffer[8] = (byte)(ssrc >> 24); buffer[9] = (byte)(ssrc >> 16); buffer[10] = (byte)(ssrc >> 8); buffer[11] = (byte)ssrc;
        buffer[12] = 0xBE; buffer[13] = 0xDE; buffer[14] = 0; buffer[15] = 2;
        buffer[16] = 0x10; buffer[17] = 0x55; buffer[18] = 0; buffer[19] = 0;
        for (var i = 0; i < payloadLength; i++) buffer[headerLength + i] = (byte)(fill + i);
        return buffer;
    }

    public static int RtpLength(int payloadLength = 160) => 12 + 4 + 8 + payloadLength;

    /// <summary>An RTCP sender report (28 bytes) of <paramref name="ssrc"/> with room for E|index and the tag.</summary>
    public static byte[] Rtcp(uint ssrc = 0x1234_5678, int room = 32)
    {
        var buffer = new byte[28 + room];
        buffer[0] = 0x80; buffer[1] = 200; buffer[2] = 0; buffer[3] = 6;
        buffer[4] = (byte)(ssrc >> 24); buffer[5] = (byte)(ssrc >> 16); buffer[6] = (byte)(ssrc >> 8); buffer[7] = (byte)ssrc;
        for (var i = 8; i < 28; i++) buffer[i] = (byte)(i * 3);
        return buffer;
    }
}
