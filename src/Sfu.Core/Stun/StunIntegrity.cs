using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Sfu.Core.Primitives;

namespace Sfu.Core.Stun;

/// <summary>
/// Computes MESSAGE-INTEGRITY (HMAC-SHA1), MESSAGE-INTEGRITY-SHA256 and FINGERPRINT over a STUN message
/// prefix whose header length field must first be adjusted.
/// </summary>
/// <remarks>
/// RFC 8489 §14.5-§14.7: the MAC or CRC covers the message up to (not including) the attribute itself, but
/// with the header's length field set as if that attribute were the last one. A received message may carry
/// a FINGERPRINT after MESSAGE-INTEGRITY, so its length field is 8 too large for the MAC; the reader's
/// buffer is read-only, so the patched header is hashed from a copy. FINGERPRINT uses a running CRC (the
/// patched header, then the rest), so it needs no copy at all.
/// </remarks>
public static class StunIntegrity
{
    /// <summary>HMAC-SHA1 output size, the MESSAGE-INTEGRITY value length.</summary>
    public const int Sha1Length = 20;

    /// <summary>HMAC-SHA256 output size, the longest MESSAGE-INTEGRITY-SHA256 value.</summary>
    public const int Sha256Length = 32;

    /// <summary>The XOR constant of FINGERPRINT, "STUN" in ASCII (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    // Messages up to this size are patched in a stack copy; larger ones (only possible over TCP) use the pool.
    private const int StackCopyLimit = 1536;

    /// <summary>HMAC-SHA1 of <paramref name="prefix"/> (header and attributes before MESSAGE-INTEGRITY) with the length field set to <paramref name="lengthField"/>.</summary>
    public static void ComputeHmacSha1(ReadOnlySpan<byte> prefix, ushort lengthField, ReadOnlySpan<byte> key, Span<byte> destination) =>
        ComputeHmac(prefix, lengthField, key, destination, sha256: false);

    /// <summary>HMAC-SHA256 (full 32 bytes) of the prefix with the length field set to <paramref name="lengthField"/>.</summary>
    public static void ComputeHmacSha256(ReadOnlySpan<byte> prefix, ushort lengthField, ReadOnlySpan<byte> key, Span<byte> destination) =>
        ComputeHmac(prefix, lengthField, key, destination, sha256: true);

    /// <summary>The FINGERPRINT value for the prefix (header and attributes before FINGERPRINT) with the length field set to <paramref name="lengthField"/>.</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> prefix, ushort lengthField)
    {
        Span<byte> header = stackalloc byte[StunMessageReader.HeaderLength];
        prefix[..StunMessageReader.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[StunMessageReader.LengthOffset..], lengthField);
        var state = Crc32.Append(Crc32.InitialState, header);
        state = Crc32.Append(state, prefix[StunMessageReader.HeaderLength..]);
        return Crc32.Finish(state) ^ FingerprintXor;
    }

    /// <summary>
    /// The long-term credential key, MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). The inputs must
    /// already be OpaqueString-prepared UTF-8; this method does no string preparation.
    /// </summary>
    public static void ComputeLongTermKey(ReadOnlySpan<byte> username, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> password, Span<byte> destination)
    {
        var length = username.Length + realm.Length + password.Length + 2;
        byte[]? rented = null;
        var buffer = length <= StackCopyLimit ? stackalloc byte[StackCopyLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        username.CopyTo(buffer);
        buffer[username.Length] = (byte)':';
        realm.CopyTo(buffer[(username.Length + 1)..]);
        buffer[username.Length + 1 + realm.Length] = (byte)':';
        password.CopyTo(buffer[(username.Length + realm.Length + 2)..]);
        MD5.HashData(buffer[..length], destination);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    [SkipLocalsInit]
    private static void ComputeHmac(ReadOnlySpan<byte> prefix, ushort lengthField, ReadOnlySpan<byte> key, Span<byte> destination, bool sha256)
    {
        if (BinaryPrimitives.ReadUInt16BigEndian(prefix[StunMessageReader.LengthOffset..]) == lengthField)
        {
            // The length field is already right (the integrity attribute is the last one): hash in place.
            Mac(key, prefix, destination, sha256);
            return;
        }

        byte[]? rented = null;
        var copy = prefix.Length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length));
        copy = copy[..prefix.Length];
        prefix.CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy[StunMessageReader.LengthOffset..], lengthField);
        Mac(key, copy, destination, sha256);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination, bool sha256)
    {
        if (sha256) HMACSHA256.HashData(key, data, destination);
        else HMACSHA1.HashData(key, data, destination);
    }
}
