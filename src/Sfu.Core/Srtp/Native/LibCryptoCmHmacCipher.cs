using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sfu.Core.Srtp.Native;

/// <summary>
/// AES counter mode through one reused OpenSSL EVP context (key scheduled once, IV set per packet) and
/// HMAC-SHA1 built on OpenSSL's SHA-1 compression with the inner and outer pad states computed once.
/// </summary>
/// <remarks>
/// RFC 3711 section 4.1.1 (AES-CM) and 4.2.1 (HMAC-SHA1, RFC 2104). Keeping the two SHA-1 states after the
/// ipad/opad blocks saves two of the four compressions a fresh HMAC costs on a short packet, and copying a
/// 96-byte <c>SHA_CTX</c> to the stack allocates nothing (EVP_MAC_CTX_dup and EVP_MD_CTX_copy_ex both allocate
/// inside OpenSSL 3). The layout assumption is verified against .NET's HMACSHA1 once per process
/// (<see cref="SrtpCipherFactory"/>), falling back to the portable backend if it ever fails.
/// </remarks>
// Every stack buffer here is fully written before it is read; skipping the zeroing is measurable per packet.
[SkipLocalsInit]
internal sealed unsafe class LibCryptoCmHmacCipher : ISrtpCipher
{
    private const int Sha1BlockLength = 64;
    private const int Sha1Length = 20;

    private readonly EvpCipherContextHandle _ctr;
    private readonly nint _ctrCtx;
    private readonly byte[] _innerState = new byte[LibCrypto.Sha1ContextSize];
    private readonly byte[] _outerState = new byte[LibCrypto.Sha1ContextSize];
    private bool _disposed;

    public LibCryptoCmHmacCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> authKey)
    {
        var cipher = key.Length switch
        {
            16 => LibCrypto.EVP_aes_128_ctr(),
            24 => LibCrypto.EVP_aes_192_ctr(),
            32 => LibCrypto.EVP_aes_256_ctr(),
            _ => throw new ArgumentException("AES-CM key must be 16, 24 or 32 bytes", nameof(key)),
        };
        _ctr = EvpCipherContextHandle.Create();
        _ctrCtx = _ctr.DangerousGetHandle();
        fixed (byte* k = key)
        {
            if (LibCrypto.EVP_EncryptInit_ex(_ctrCtx, cipher, 0, k, null) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP AES-CTR key setup failed");
            }
        }

        // RFC 2104: K is zero-padded to the block; keys longer than a block are hashed first.
        Span<byte> padded = stackalloc byte[Sha1BlockLength];
        padded.Clear();
        if (authKey.Length > Sha1BlockLength) SHA1.HashData(authKey, padded);
        else authKey.CopyTo(padded);
        Span<byte> pad = stackalloc byte[Sha1BlockLength];
        for (var i = 0; i < Sha1BlockLength; i++) pad[i] = (byte)(padded[i] ^ 0x36);
        Absorb(_innerState, pad);
        for (var i = 0; i < Sha1BlockLength; i++) pad[i] = (byte)(padded[i] ^ 0x5c);
        Absorb(_outerState, pad);
        CryptographicOperations.ZeroMemory(padded);
        CryptographicOperations.ZeroMemory(pad);
    }

    public bool IsAead => false;

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag) =>
        throw new InvalidOperationException("AES-CM cipher is not an AEAD");

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag) =>
        throw new InvalidOperationException("AES-CM cipher is not an AEAD");

    public void ApplyKeystream(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (iv.Length != 16) throw new ArgumentException("AES-CM needs a 16-byte counter block", nameof(iv));
        if (data.IsEmpty) return;
        int outLength;
        fixed (byte* v = iv)
        fixed (byte* d = data)
        {
            if (LibCrypto.EVP_EncryptInit_ex_Iv(_ctrCtx, 0, 0, null, v) != 1 ||
                LibCrypto.EVP_EncryptUpdate(_ctrCtx, d, &outLength, d, data.Length) != 1)
            {
                throw new CryptographicException("EVP AES-CTR failed");
            }
        }
    }

    public void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tag.Length > Sha1Length) throw new ArgumentException("HMAC-SHA1 tag is at most 20 bytes", nameof(tag));
        var state = stackalloc byte[LibCrypto.Sha1ContextSize];
        var digest = stackalloc byte[Sha1Length];
        var stateSpan = new Span<byte>(state, LibCrypto.Sha1ContextSize);
        fixed (byte* m = message)
        fixed (byte* tr = trailer)
        {
            _innerState.CopyTo(stateSpan);
            if (message.Length > 0) LibCrypto.SHA1_Update(state, m, (nuint)message.Length);
            if (trailer.Length > 0) LibCrypto.SHA1_Update(state, tr, (nuint)trailer.Length);
            LibCrypto.SHA1_Final(digest, state);
            _outerState.CopyTo(stateSpan);
            LibCrypto.SHA1_Update(state, digest, Sha1Length);
            LibCrypto.SHA1_Final(digest, state);
        }
        new ReadOnlySpan<byte>(digest, tag.Length).CopyTo(tag);
    }

    private static void Absorb(byte[] state, ReadOnlySpan<byte> block)
    {
        fixed (byte* s = state)
        fixed (byte* b = block)
        {
            if (LibCrypto.SHA1_Init(s) != 1 || LibCrypto.SHA1_Update(s, b, (nuint)block.Length) != 1)
                throw new CryptographicException("SHA1_Init failed");
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _ctr.Dispose();
        CryptographicOperations.ZeroMemory(_innerState);
        CryptographicOperations.ZeroMemory(_outerState);
    }
}
