using System.Security.Cryptography;

namespace Sfu.Core.Srtp;

/// <summary>AES-GCM through .NET's <see cref="AesGcm"/> (keyed once; .NET re-initialises its native context per call).</summary>
/// <remarks>
/// RFC 7714. <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// reports a bad tag only by throwing, so this backend pays an exception (and its allocation) per forged
/// packet; the accelerated backend does not. Use this backend where libcrypto is missing.
/// </remarks>
internal sealed class PortableGcmCipher : ISrtpCipher
{
    private readonly AesGcm _gcm;

    public PortableGcmCipher(ReadOnlySpan<byte> key) => _gcm = new AesGcm(key, 16);

    public bool IsAead => true;

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag) =>
        _gcm.Encrypt(nonce, data, data, tag, associatedData);

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void ApplyKeystream(ReadOnlySpan<byte> iv, Span<byte> data) => throw new InvalidOperationException("AES-GCM cipher has no bare keystream");

    public void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag) => throw new InvalidOperationException("AES-GCM cipher has no HMAC");

    public void Dispose() => _gcm.Dispose();
}
