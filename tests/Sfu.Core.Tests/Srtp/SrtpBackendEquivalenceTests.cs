using CsCheck;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>The accelerated (libcrypto) and portable (.NET) backends produce identical bytes on random keys and packets.</summary>
public class SrtpBackendEquivalenceTests
{
    private static readonly Gen<(SrtpProfile Profile, byte[] Key, byte[] Salt, uint Ssrc, ushort Seq, int Csrcs, int ExtWords, byte[] Payload)> Cases =
        Gen.Select(Gen.Int[0, 3], Gen.Byte.Array[32], Gen.Byte.Array[14], Gen.UInt, Gen.UShort, Gen.Int[0, 15], Gen.Int[-1, 8], Gen.Byte.Array[0, 1400])
            .Select((p, key, salt, ssrc, seq, cc, ext, payload) =>
            {
                var profile = SrtpTestData.Profiles[p];
                return (profile, key[..profile.KeyLength()], salt[..profile.SaltLength()], ssrc, seq, cc, ext, payload);
            });

    private static byte[] BuildRtp(uint ssrc, ushort seq, int csrcs, int extWords, byte[] payload, out int length)
    {
        var headerLength = 12 + (4 * csrcs) + (extWords >= 0 ? 4 + (4 * extWords) : 0);
        length = headerLength + payload.Length;
        var buffer = new byte[length + 16];
        buffer[0] = (byte)(0x80 | (extWords >= 0 ? 0x10 : 0) | csrcs);
        buffer[1] = 96;
        buffer[2] = (byte)(seq >> 8);
        buffer[3] = (byte)seq;
        buffer[8] = (byte)(ssrc >> 24); buffer[9] = (byte)(ssrc >> 16); buffer[10] = (byte)(ssrc >> 8); buffer[11] = (byte)ssrc;
        for (var i = 12; i < headerLength; i++) buffer[i] = (byte)(i * 7);
        if (extWords >= 0)
        {
            var at = 12 + (4 * csrcs);
            buffer[at] = 0xBE; buffer[at + 1] = 0xDE; buffer[at + 2] = 0; buffer[at + 3] = (byte)extWords;
        }
        payload.CopyTo(buffer, headerLength);
        return buffer;
    }

    [Fact]
    public void Rtp_ProtectedByEitherBackend_IsByteIdentical_AndUnprotectsInTheOther()
    {
        Cases.Sample(c =>
        {
            using var accelerated = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Accelerated });
            using var portable = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Portable });
            var a = BuildRtp(c.Ssrc, c.Seq, c.Csrcs, c.ExtWords, c.Payload, out var length);
            var b = a.ToArray();
            var plain = a[..length];
            if (!accelerated.TryProtectRtp(a, length, out var na) || !portable.TryProtectRtp(b, length, out var nb)) return false;
            if (na != nb || !a.AsSpan(0, na).SequenceEqual(b.AsSpan(0, nb))) return false;
            using var reader = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Portable });
            return reader.TryUnprotectRtp(a.AsSpan(0, na), out var plainLength, out _) && a.AsSpan(0, plainLength).SequenceEqual(plain);
        }, iter: Math.Max(1, PropertyCases.Count / 10));
    }

    [Fact]
    public void Rtcp_ProtectedByEitherBackend_IsByteIdentical_AndUnprotectsInTheOther()
    {
        Cases.Sample(c =>
        {
            using var accelerated = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Accelerated });
            using var portable = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Portable });
            var length = 8 + c.Payload.Length;
            var a = new byte[length + 20];
            a[0] = 0x81; a[1] = 201;
            a[4] = (byte)(c.Ssrc >> 24); a[5] = (byte)(c.Ssrc >> 16); a[6] = (byte)(c.Ssrc >> 8); a[7] = (byte)c.Ssrc;
            c.Payload.CopyTo(a, 8);
            accelerated.SetNextRtcpIndex(c.Ssrc, c.Seq * 30_000u);
            portable.SetNextRtcpIndex(c.Ssrc, c.Seq * 30_000u);
            var b = a.ToArray();
            var plain = a[..length];
            if (!accelerated.TryProtectRtcp(a, length, out var na) || !portable.TryProtectRtcp(b, length, out var nb)) return false;
            if (na != nb || !a.AsSpan(0, na).SequenceEqual(b.AsSpan(0, nb))) return false;
            using var reader = SrtpContext.Create(c.Profile, c.Key, c.Salt, new SrtpContextOptions { Backend = SrtpBackend.Accelerated });
            return reader.TryUnprotectRtcp(b.AsSpan(0, nb), out var plainLength, out _) && b.AsSpan(0, plainLength).SequenceEqual(plain);
        }, iter: Math.Max(1, PropertyCases.Count / 10));
    }

    [Fact]
    public void CipherPrimitives_AgreeOnRandomKeysIvsAndLengths()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[16], Gen.Byte.Array[0, 3000], Gen.Byte.Array[20], Gen.Int[0, 2]).Sample((key, iv, data, authKey, keySize) =>
        {
            var k = key[..(16 + (8 * keySize))];
            iv[14] = 0; iv[15] = 0; // SRTP counter blocks start with the block counter at zero
            using var a = SrtpCipherFactory.CreateCmHmac(SrtpBackend.Accelerated, k, authKey);
            using var p = SrtpCipherFactory.CreateCmHmac(SrtpBackend.Portable, k, authKey);
            var x = data.ToArray();
            var y = data.ToArray();
            a.ApplyKeystream(iv, x);
            p.ApplyKeystream(iv, y);
            Span<byte> t1 = stackalloc byte[20];
            Span<byte> t2 = stackalloc byte[20];
            a.ComputeTag(data, iv, t1);
            p.ComputeTag(data, iv, t2);
            return x.AsSpan().SequenceEqual(y) && t1.SequenceEqual(t2);
        }, iter: Math.Max(1, PropertyCases.Count / 10));
    }
}
