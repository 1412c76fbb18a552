using System.Security.Cryptography;
using Sfu.Core.Srtp.Native;

namespace Sfu.Core.Srtp;

/// <summary>Creates <see cref="ISrtpCipher"/> instances for a backend, falling back to portable when libcrypto is unusable.</summary>
internal static class SrtpCipherFactory
{
    private static readonly Lazy<bool> s_acceleratedUsable = new(SelfTest);

    /// <summary>True when the accelerated backend loads and agrees with .NET on a known input.</summary>
    public static bool AcceleratedAvailable => s_acceleratedUsable.Value;

    /// <summary>The backend actually used for a requested one.</summary>
    public static SrtpBackend Resolve(SrtpBackend requested) =>
        requested == SrtpBackend.Accelerated && AcceleratedAvailable ? SrtpBackend.Accelerated : SrtpBackend.Portable;

    /// <summary>An AES-GCM cipher keyed with <paramref name="key"/>.</summary>
    public static ISrtpCipher CreateGcm(SrtpBackend backend, ReadOnlySpan<byte> key) =>
        Resolve(backend) == SrtpBackend.Accelerated ? new LibCryptoGcmCipher(key) : new PortableGcmCipher(key);

    /// <summary>An AES-CM + HMAC-SHA1 cipher.</summary>
    public static ISrtpCipher CreateCmHmac(SrtpBackend backend, ReadOnlySpan<byte> key, ReadOnlySpan<byte> authKey) =>
        Resolve(backend) == SrtpBackend.Accelerated ? new LibCryptoCmHmacCipher(key, authKey) : new PortableCmHmacCipher(key, authKey);

    // Guards the assumptions the native backend makes (SHA_CTX size, in-place EVP behaviour): if libcrypto
    // ever disagrees with .NET on a known input, the process uses the portable backend instead.
    private static bool SelfTest()
    {
        if (!LibCrypto.IsAvailable) return false;
        try
        {
            Span<byte> key = stackalloc byte[16];
            Span<byte> nonce = stackalloc byte[12];
            Span<byte> iv = stackalloc byte[16];
            Span<byte> aad = stackalloc byte[12];
            for (var i = 0; i < 16; i++) { key[i] = (byte)(i * 7); iv[i] = (byte)(i * 13); }
            for (var i = 0; i < 12; i++) { nonce[i] = (byte)(i * 3); aad[i] = (byte)(i + 100); }
            var authKey = new byte[20];
            for (var i = 0; i < authKey.Length; i++) authKey[i] = (byte)(i * 11);
            var message = new byte[300];
            for (var i = 0; i < message.Length; i++) message[i] = (byte)i;

            using var nativeCm = new LibCryptoCmHmacCipher(key, authKey);
            using var portableCm = new PortableCmHmacCipher(key, authKey);
            Span<byte> t1 = stackalloc byte[20];
            Span<byte> t2 = stackalloc byte[20];
            nativeCm.ComputeTag(message.AsSpan(0, 200), message.AsSpan(200), t1);
            HMACSHA1.HashData(authKey, message, t2);
            if (!t1.SequenceEqual(t2)) return false;
            var a = message.ToArray();
            var b = message.ToArray();
            nativeCm.ApplyKeystream(iv, a);
            portableCm.ApplyKeystream(iv, b);
            if (!a.AsSpan().SequenceEqual(b)) return false;

            using var nativeGcm = new LibCryptoGcmCipher(key);
            using var portableGcm = new PortableGcmCipher(key);
            nativeGcm.Seal(nonce, aad, a, t1[..16]);
            portableGcm.Seal(nonce, aad, b, t2[..16]);
            return a.AsSpan().SequenceEqual(b) && t1[..16].SequenceEqual(t2[..16]) && nativeGcm.Open(nonce, aad, a, t1[..16]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicException)
        {
            return false;
        }
    }
}
