using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Sfu.Core.Stun;

/// <summary>
/// Builds a STUN message in a caller-owned buffer, attribute by attribute. The header's length field is
/// kept current after every attribute, so <see cref="Written"/> is a complete message at any point.
/// </summary>
/// <remarks>
/// RFC 8489 §5 and §14. Integrity attributes must come last, in this order: MESSAGE-INTEGRITY,
/// MESSAGE-INTEGRITY-SHA256, FINGERPRINT (§14.5-§14.7); the writer refuses attributes after FINGERPRINT.
/// The buffer belongs to the caller; running out of room is a programming error (size the buffer to the
/// largest message you build, e.g. 576 bytes for ICE) and throws <see cref="ArgumentException"/>.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _sealed;

    /// <summary>Starts a message: writes the header with the given type and transaction id and no attributes.</summary>
    public StunMessageWriter(Span<byte> buffer, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunMessageReader.HeaderLength) ThrowTooSmall();
        if (transactionId.Length != StunMessageReader.TransactionIdLength)
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        if ((messageType & 0xC000) != 0) throw new ArgumentOutOfRangeException(nameof(messageType));
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[StunMessageReader.LengthOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[StunMessageReader.CookieOffset..], StunMessageReader.MagicCookie);
        transactionId.CopyTo(buffer[StunMessageReader.TransactionIdOffset..]);
        _length = StunMessageReader.HeaderLength;
        _sealed = false;
        PaddingByte = 0;
    }

    /// <summary>
    /// The byte used to pad attribute values to 4 bytes. RFC 8489 §14 lets it be anything; receivers must
    /// ignore it. 0 by default (RFC 5769's vectors use 0x20, which this lets tests reproduce).
    /// </summary>
    public byte PaddingByte { readonly get; set; }

    /// <summary>Bytes written so far, including the header.</summary>
    public readonly int Length => _length;

    /// <summary>The message as written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends an attribute with an arbitrary value.</summary>
    public void AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value) => value.CopyTo(Reserve(type, value.Length));

    /// <summary>USERNAME (RFC 8489 §14.3), UTF-8.</summary>
    public void AddUsername(ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    /// <summary>SOFTWARE (RFC 8489 §14.14), UTF-8.</summary>
    public void AddSoftware(ReadOnlySpan<byte> software) => AddAttribute(StunAttributeType.Software, software);

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2), no value.</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>ICE-CONTROLLING with its tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlling(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>ICE-CONTROLLED with its tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlled(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS from raw address bytes (4 for IPv4, 16 for IPv6) and a port.</summary>
    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        var valueLength = address.Length == 4 ? StunXorAddress.IPv4ValueLength : StunXorAddress.IPv6ValueLength;
        var transactionId = _buffer.Slice(StunMessageReader.TransactionIdOffset, StunMessageReader.TransactionIdLength);
        StunXorAddress.Encode(address, port, transactionId, Reserve(StunAttributeType.XorMappedAddress, valueLength));
    }

    /// <summary>XOR-MAPPED-ADDRESS from an <see cref="IPAddress"/> (IPv4-mapped IPv6 addresses are written as IPv4).</summary>
    public void AddXorMappedAddress(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length)) ThrowTooSmall();
        AddXorMappedAddress(bytes[..length], port);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8) with a UTF-8 reason phrase.</summary>
    public void AddErrorCode(int code, ReadOnlySpan<byte> reasonPhrase)
    {
        if (code < 300 || code > 699) throw new ArgumentOutOfRangeException(nameof(code));
        var value = Reserve(StunAttributeType.ErrorCode, StunErrorCode.HeaderLength + reasonPhrase.Length);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reasonPhrase.CopyTo(value[StunErrorCode.HeaderLength..]);
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    public void AddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        var value = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (var i = 0; i < types.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], types[i]);
    }

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1) over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var start = _length;
        var value = Reserve(StunAttributeType.MessageIntegrity, StunIntegrity.Sha1Length);
        // Reserve already set the length field to cover this attribute, as the MAC requires.
        StunIntegrity.ComputeHmacSha1(_buffer[..start], (ushort)(_length - StunMessageReader.HeaderLength), key, value);
    }

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), full 32 bytes.</summary>
    public void AddMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        var start = _length;
        var value = Reserve(StunAttributeType.MessageIntegritySha256, StunIntegrity.Sha256Length);
        StunIntegrity.ComputeHmacSha256(_buffer[..start], (ushort)(_length - StunMessageReader.HeaderLength), key, value);
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7); nothing can be added after it.</summary>
    public void AddFingerprint()
    {
        var start = _length;
        var value = Reserve(StunAttributeType.Fingerprint, 4);
        var crc = StunIntegrity.ComputeFingerprint(_buffer[..start], (ushort)(_length - StunMessageReader.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(value, crc);
        _sealed = true;
    }

    /// <summary>Writes an attribute header and padding, updates the length field, and returns the value area to fill.</summary>
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        if (_sealed) throw new InvalidOperationException("FINGERPRINT must be the last attribute.");
        var padded = StunMessageReader.Pad4(valueLength);
        var total = _length + StunMessageReader.AttributeHeaderLength + padded;
        if (valueLength > ushort.MaxValue || total > _buffer.Length || total - StunMessageReader.HeaderLength > ushort.MaxValue) ThrowTooSmall();
        var attribute = _buffer[_length..total];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(StunMessageReader.AttributeHeaderLength + valueLength)..].Fill(PaddingByte);
        _length = total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[StunMessageReader.LengthOffset..], (ushort)(total - StunMessageReader.HeaderLength));
        return attribute.Slice(StunMessageReader.AttributeHeaderLength, valueLength);
    }

    [DoesNotReturn]
    private static void ThrowTooSmall() => throw new ArgumentException("The STUN message does not fit in the buffer.");
}
