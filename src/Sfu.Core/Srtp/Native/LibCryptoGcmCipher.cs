using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sfu.Core.Srtp.Native;

/// <summary>
/// AES-GCM through two reused OpenSSL EVP contexts (one sealing, one opening), keyed once. Per packet only the
/// 96-bit IV is set (<c>EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv)</c>), which resets the GCM state but keeps
/// the expanded key and the GHASH key tables.
/// </summary>
/// <remarks>RFC 7714 sections 8-10; the tag is 16 bytes (RFC 7714 section 14.2).</remarks>
// Every stack buffer here is fully written before it is read; skipping the zeroing is measurable per packet.
[SkipLocalsInit]
internal sealed unsafe class LibCryptoGcmCipher : ISrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly EvpCipherContextHandle _seal;
    private readonly EvpCipherContextHandle _open;
    // Raw pointers for the packet path; the SafeHandles own them and _disposed guards their lifetime
    // (single-threaded use, documented on SrtpContext).
    private readonly nint _sealCtx;
    private readonly nint _openCtx;
    private bool _disposed;

    public LibCryptoGcmCipher(ReadOnlySpan<byte> key)
    {
        var cipher = key.Length switch
        {
            16 => LibCrypto.EVP_aes_128_gcm(),
            32 => LibCrypto.EVP_aes_256_gcm(),
            _ => throw new ArgumentException("AES-GCM key must be 16 or 32 bytes", nameof(key)),
        };
        _seal = EvpCipherContextHandle.Create();
        _open = EvpCipherContextHandle.Create();
        _sealCtx = _seal.DangerousGetHandle();
        _openCtx = _open.DangerousGetHandle();
        fixed (byte* k = key)
        {
            if (LibCrypto.EVP_EncryptInit_ex(_sealCtx, cipher, 0, k, null) != 1 ||
                LibCrypto.EVP_DecryptInit_ex(_openCtx, cipher, 0, k, null) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP AES-GCM key setup failed");
            }
        }
    }

    public bool IsAead => true;

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (nonce.Length != NonceLength || tag.Length != TagLength) throw new ArgumentException("GCM needs a 12-byte nonce and a 16-byte tag");
        int outLength;
        var scratch = stackalloc byte[16];
        fixed (byte* n = nonce)
        fixed (byte* a = associatedData)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            var ok = LibCrypto.EVP_EncryptInit_ex_Iv(_sealCtx, 0, 0, null, n) == 1;
            if (ok && associatedData.Length > 0) ok = LibCrypto.EVP_EncryptUpdate(_sealCtx, null, &outLength, a, associatedData.Length) == 1;
            if (ok && data.Length > 0) ok = LibCrypto.EVP_EncryptUpdate(_sealCtx, d, &outLength, d, data.Length) == 1;
            if (ok) ok = LibCrypto.EVP_EncryptFinal_ex(_sealCtx, scratch, &outLength) == 1;
            if (ok) ok = LibCrypto.EVP_CIPHER_CTX_ctrl(_sealCtx, LibCrypto.EvpCtrlAeadGetTag, TagLength, t) == 1;
            if (!ok) throw new CryptographicException("EVP AES-GCM seal failed");
        }
    }

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (nonce.Length != NonceLength || tag.Length != TagLength) throw new ArgumentException("GCM needs a 12-byte nonce and a 16-byte tag");
        int outLength;
        var scratch = stackalloc byte[16];
        fixed (byte* n = nonce)
        fixed (byte* a = associatedData)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        {
            var step = 0;
            var ok = LibCrypto.EVP_DecryptInit_ex_Iv(_openCtx, 0, 0, null, n) == 1;
            if (ok && associatedData.Length > 0) { step = 1; ok = LibCrypto.EVP_DecryptUpdate(_openCtx, null, &outLength, a, associatedData.Length) == 1; }
            if (ok && data.Length > 0) { step = 2; ok = LibCrypto.EVP_DecryptUpdate(_openCtx, d, &outLength, d, data.Length) == 1; }
            if (ok) { step = 3; ok = LibCrypto.EVP_CIPHER_CTX_ctrl(_openCtx, LibCrypto.EvpCtrlAeadSetTag, TagLength, t) == 1; }
            if (!ok) throw new CryptographicException($"EVP AES-GCM open failed at step {step}, aad {associatedData.Length}, data {data.Length}");
            // Final compares the tag (constant time inside OpenSSL); <= 0 means it did not verify.
            return LibCrypto.EVP_DecryptFinal_ex(_openCtx, scratch, &outLength) > 0;
        }
    }

    public void ApplyKeystream(ReadOnlySpan<byte> iv, Span<byte> data) => throw new InvalidOperationException("AES-GCM cipher has no bare keystream");

    public void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag) => throw new InvalidOperationException("AES-GCM cipher has no HMAC");

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _seal.Dispose();
        _open.Dispose();
    }
}
