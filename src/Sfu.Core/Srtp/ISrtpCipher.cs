namespace Sfu.Core.Srtp;

/// <summary>
/// One keyed SRTP or SRTCP transform (a backend object): either AES-GCM (RFC 7714), or AES counter mode
/// plus HMAC-SHA1 (RFC 3711 sections 4.1.1 and 4.2). Keys are expanded once, in the constructor; per packet
/// only the IV changes. Instances are owned by one <see cref="SrtpContext"/> and used from one thread.
/// </summary>
/// <remarks>
/// Calling an operation of the other family (e.g. <see cref="Seal"/> on an AES-CM cipher) is a programming
/// error and throws <see cref="InvalidOperationException"/>.
/// </remarks>
public interface ISrtpCipher : IDisposable
{
    /// <summary>True for AES-GCM, false for AES-CM + HMAC-SHA1.</summary>
    bool IsAead { get; }

    /// <summary>AEAD: encrypts <paramref name="data"/> in place and writes the 16-byte tag.</summary>
    void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag);

    /// <summary>AEAD: decrypts <paramref name="data"/> in place; false when the tag does not verify (data is then unspecified).</summary>
    bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag);

    /// <summary>AES-CM: XORs <paramref name="data"/> with the keystream starting at the 16-byte counter block <paramref name="iv"/>.</summary>
    void ApplyKeystream(ReadOnlySpan<byte> iv, Span<byte> data);

    /// <summary>HMAC-SHA1 over <paramref name="message"/> then <paramref name="trailer"/>, truncated to <paramref name="tag"/>'s length (at most 20).</summary>
    void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag);
}
