using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sfu.Core.Srtp;

/// <summary>
/// AES counter mode as an AES-ECB keystream through one reused .NET transform, and HMAC-SHA1 through a reused
/// <see cref="IncrementalHash"/>.
/// </summary>
/// <remarks>
/// RFC 3711 section 4.1.1: keystream block i is AES(k_e, IV + i). SRTP IVs end in 16 zero bits and a packet is
/// far shorter than 2^16 blocks, so adding i to the low 32 bits equals the 128-bit addition the RFC describes.
/// Counter blocks and keystream go through two preallocated chunk buffers, so nothing is allocated per packet.
/// </remarks>
// Every stack buffer here is fully written before it is read; skipping the zeroing is measurable per packet.
[SkipLocalsInit]
internal sealed class PortableCmHmacCipher : ISrtpCipher
{
    private const int ChunkLength = 2048; // one transform call for any packet up to a typical MTU
    private const int Sha1Length = 20;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _counters = new byte[ChunkLength];
    private readonly byte[] _keystream = new byte[ChunkLength];

    public PortableCmHmacCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> authKey)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
    }

    public bool IsAead => false;

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag) =>
        throw new InvalidOperationException("AES-CM cipher is not an AEAD");

    public bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag) =>
        throw new InvalidOperationException("AES-CM cipher is not an AEAD");

    public void ApplyKeystream(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16) throw new ArgumentException("AES-CM needs a 16-byte counter block", nameof(iv));
        var low = BinaryPrimitives.ReadUInt32BigEndian(iv[12..]);
        var block = 0u;
        for (var offset = 0; offset < data.Length; offset += ChunkLength)
        {
            var n = Math.Min(ChunkLength, data.Length - offset);
            var bytes = (n + 15) & ~15;
            var counters = _counters.AsSpan(0, bytes);
            for (var b = 0; b < bytes; b += 16, block++)
            {
                iv[..12].CopyTo(counters[b..]);
                BinaryPrimitives.WriteUInt32BigEndian(counters[(b + 12)..], low + block);
            }
            _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
            ByteXor.Apply(data.Slice(offset, n), _keystream);
        }
    }

    public void ComputeTag(ReadOnlySpan<byte> message, ReadOnlySpan<byte> trailer, Span<byte> tag)
    {
        if (tag.Length > Sha1Length) throw new ArgumentException("HMAC-SHA1 tag is at most 20 bytes", nameof(tag));
        Span<byte> mac = stackalloc byte[Sha1Length];
        _hmac.AppendData(message);
        _hmac.AppendData(trailer);
        _hmac.GetHashAndReset(mac);
        mac[..tag.Length].CopyTo(tag);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        _hmac.Dispose();
    }
}
