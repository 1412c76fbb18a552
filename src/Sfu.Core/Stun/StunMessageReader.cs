using System.Buffers.Binary;
using System.Security.Cryptography;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Stun;

/// <summary>
/// A validated, read-only view of one STUN message over the receive buffer. Nothing is copied; accessors
/// return slices of the datagram.
/// </summary>
/// <remarks>
/// RFC 8489 §5 (header) and §14 (attributes); ICE attributes from RFC 8445 §7.1.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// <see cref="TryParse"/> walks every attribute once, so later lookups cannot run out of range. It also
/// enforces the ordering rules of §14.5-§14.7: FINGERPRINT is last; after MESSAGE-INTEGRITY only
/// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count. Attributes that follow an integrity attribute are still
/// enumerable but are not returned by the typed lookups (they are not covered by the MAC).
/// </remarks>
public readonly ref struct StunMessageReader
{
    /// <summary>The fixed header size.</summary>
    public const int HeaderLength = 20;
    /// <summary>Offset of the 16-bit message length field.</summary>
    public const int LengthOffset = 2;
    /// <summary>Offset of the magic cookie.</summary>
    public const int CookieOffset = 4;
    /// <summary>Offset of the 96-bit transaction id.</summary>
    public const int TransactionIdOffset = 8;
    /// <summary>The transaction id size.</summary>
    public const int TransactionIdLength = 12;
    /// <summary>The magic cookie, 0x2112A442 (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;
    /// <summary>Size of an attribute's type and length fields.</summary>
    public const int AttributeHeaderLength = 4;

    private const int FingerprintValueLength = 4;
    private const int MinSha256Length = 16;

    private readonly ReadOnlySpan<byte> _message;
    // Offsets (from the start of the message) of the integrity attributes' headers, or -1.
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;
    // End of the attributes that count: the first integrity attribute or FINGERPRINT, else the message end.
    private readonly int _coveredEnd;

    private StunMessageReader(ReadOnlySpan<byte> message, int integrity, int integritySha256, int fingerprint, int coveredEnd)
    {
        _message = message;
        _integrityOffset = integrity;
        _integritySha256Offset = integritySha256;
        _fingerprintOffset = fingerprint;
        _coveredEnd = coveredEnd;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The 14-bit message type (see <see cref="StunMessageType"/>).</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_message);

    /// <summary>The class bits of the message type.</summary>
    public StunClass Class => StunMessageType.GetClass(MessageType);

    /// <summary>The method of the message type.</summary>
    public StunMethod Method => StunMessageType.GetMethod(MessageType);

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(TransactionIdOffset, TransactionIdLength);

    /// <summary>True when MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>True when MESSAGE-INTEGRITY-SHA256 is present.</summary>
    public bool HasMessageIntegritySha256 => _integritySha256Offset >= 0;

    /// <summary>True when FINGERPRINT is present.</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Cheap check that a datagram looks like STUN: top two bits zero, the magic cookie, a length that is a
    /// multiple of 4 and matches. Used to demultiplex before a full parse (RFC 8489 §6.3 / RFC 7983).
    /// </summary>
    public static bool IsStunMessage(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[CookieOffset..]) == MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]) == datagram.Length - HeaderLength;

    /// <summary>
    /// Validates the header and walks every attribute. Never throws and never reads outside
    /// <paramref name="datagram"/>; on failure <paramref name="reason"/> says why.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader message, out PacketDropReason reason)
    {
        message = default;
        if (datagram.Length < HeaderLength)
        {
            reason = PacketDropReason.TooShort;
            return false;
        }
        if ((datagram[0] & 0xC0) != 0)
        {
            reason = PacketDropReason.UnknownProtocol;
            return false;
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[CookieOffset..]) != MagicCookie)
        {
            // RFC 5389 messages all carry the cookie; RFC 3489 ones are not supported (RFC 8489 §5).
            reason = PacketDropReason.BadVersion;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
        if ((length & 3) != 0)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        if (HeaderLength + length != datagram.Length)
        {
            // Over UDP one datagram is one message: a length that disagrees is a truncation or garbage.
            reason = HeaderLength + length > datagram.Length ? PacketDropReason.Truncated : PacketDropReason.Malformed;
            return false;
        }

        int integrity = -1, integritySha256 = -1, fingerprint = -1, coveredEnd = -1;
        var offset = HeaderLength;
        while (offset < datagram.Length)
        {
            if (fingerprint >= 0)
            {
                // FINGERPRINT must be the last attribute (RFC 8489 §14.7).
                reason = PacketDropReason.Malformed;
                return false;
            }
            if (datagram.Length - offset < AttributeHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var padded = Pad4(valueLength);
            if (padded > datagram.Length - offset - AttributeHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }

            switch (type)
            {
                case StunAttributeType.MessageIntegrity:
                    if (valueLength != StunIntegrity.Sha1Length || integrity >= 0 || integritySha256 >= 0)
                    {
                        reason = PacketDropReason.Malformed;
                        return false;
                    }
                    integrity = offset;
                    break;
                case StunAttributeType.MessageIntegritySha256:
                    if (valueLength < MinSha256Length || valueLength > StunIntegrity.Sha256Length || (valueLength & 3) != 0 || integritySha256 >= 0)
                    {
                        reason = PacketDropReason.Malformed;
                        return false;
                    }
                    integritySha256 = offset;
                    break;
                case StunAttributeType.Fingerprint:
                    if (valueLength != FingerprintValueLength)
                    {
                        reason = PacketDropReason.Malformed;
                        return false;
                    }
                    fingerprint = offset;
                    break;
                default:
                    break;
            }
            if (coveredEnd < 0 && (integrity >= 0 || integritySha256 >= 0 || fingerprint >= 0))
                coveredEnd = offset;
            offset += AttributeHeaderLength + padded;
        }

        message = new StunMessageReader(datagram, integrity, integritySha256, fingerprint, coveredEnd < 0 ? datagram.Length : coveredEnd);
        reason = PacketDropReason.None;
        return true;
    }

    /// <summary>Every attribute in wire order, including those after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator GetAttributes() => new(_message[HeaderLength..]);

    /// <summary>The value of the first attribute of <paramref name="type"/> before any integrity attribute.</summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case StunAttributeType.MessageIntegrity: return TryGetAt(_integrityOffset, out value);
            case StunAttributeType.MessageIntegritySha256: return TryGetAt(_integritySha256Offset, out value);
            case StunAttributeType.Fingerprint: return TryGetAt(_fingerprintOffset, out value);
            default: break;
        }
        foreach (var attribute in new StunAttributeEnumerator(_message[HeaderLength.._coveredEnd]))
        {
            if (attribute.Type == (ushort)type)
            {
                value = attribute.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>USERNAME (UTF-8 bytes); for ICE "local-ufrag:remote-ufrag" as seen from the receiver.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>PRIORITY (RFC 8445 §7.1.1); false when absent or not 4 bytes.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetAttribute(StunAttributeType.Priority, out var v) || v.Length != 4) return false;
        priority = BinaryPrimitives.ReadUInt32BigEndian(v);
        return true;
    }

    /// <summary>True when USE-CANDIDATE is present (RFC 8445 §7.1.2).</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3); false when absent or not 8 bytes.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED tie-breaker (RFC 8445 §7.1.3); false when absent or not 8 bytes.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>Decodes XOR-MAPPED-ADDRESS into <paramref name="address"/> (at least 16 bytes).</summary>
    public bool TryGetXorMappedAddress(Span<byte> address, out StunAddressFamily family, out int addressLength, out ushort port)
    {
        if (TryGetAttribute(StunAttributeType.XorMappedAddress, out var v))
            return StunXorAddress.TryDecode(v, TransactionId, address, out family, out addressLength, out port);
        family = StunAddressFamily.None;
        addressLength = 0;
        port = 0;
        return false;
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): the code (300-699) and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonPhrase)
    {
        code = 0;
        reasonPhrase = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var v) || v.Length < StunErrorCode.HeaderLength) return false;
        var cls = v[2] & 0x07;
        var number = v[3];
        if (cls < 3 || cls > 6 || number > 99) return false;
        code = cls * 100 + number;
        reasonPhrase = v[StunErrorCode.HeaderLength..];
        return true;
    }

    /// <summary>
    /// The types listed in UNKNOWN-ATTRIBUTES (RFC 8489 §14.9), copied into <paramref name="destination"/>;
    /// returns how many were copied, or -1 when the attribute is absent or its length is odd.
    /// </summary>
    public int GetUnknownAttributes(Span<ushort> destination)
    {
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out var v) || (v.Length & 1) != 0) return -1;
        var count = Math.Min(destination.Length, v.Length / 2);
        for (var i = 0; i < count; i++)
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(v[(2 * i)..]);
        return count;
    }

    /// <summary>
    /// Collects the comprehension-required attributes (type &lt; 0x8000) this agent does not understand, for
    /// a 420 response (RFC 8489 §7.3.1). Unknown comprehension-optional types, such as Chromium's
    /// GOOG-NETWORK-INFO, are ignored. Returns the count written to <paramref name="destination"/>.
    /// </summary>
    public int GetUnknownComprehensionRequired(Span<ushort> destination)
    {
        var count = 0;
        foreach (var attribute in new StunAttributeEnumerator(_message[HeaderLength.._coveredEnd]))
        {
            if (!attribute.IsComprehensionRequired || IsUnderstood(attribute.Type)) continue;
            if (count < destination.Length) destination[count] = attribute.Type;
            count++;
        }
        return Math.Min(count, destination.Length);
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1) with <paramref name="key"/>: the ICE password for short-term
    /// credentials (RFC 8489 §9.1.1), or the MD5 long-term key. Constant-time comparison.
    /// </summary>
    public bool ValidateMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0) return false;
        Span<byte> mac = stackalloc byte[StunIntegrity.Sha1Length];
        var lengthField = (ushort)(_integrityOffset + AttributeHeaderLength + StunIntegrity.Sha1Length - HeaderLength);
        StunIntegrity.ComputeHmacSha1(_message[.._integrityOffset], lengthField, key, mac);
        var received = _message.Slice(_integrityOffset + AttributeHeaderLength, StunIntegrity.Sha1Length);
        return CryptographicOperations.FixedTimeEquals(mac, received);
    }

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256 (possibly truncated to 16-28 bytes, RFC 8489 §14.6).</summary>
    public bool ValidateMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        if (_integritySha256Offset < 0) return false;
        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_message[(_integritySha256Offset + 2)..]);
        Span<byte> mac = stackalloc byte[StunIntegrity.Sha256Length];
        var lengthField = (ushort)(_integritySha256Offset + AttributeHeaderLength + valueLength - HeaderLength);
        StunIntegrity.ComputeHmacSha256(_message[.._integritySha256Offset], lengthField, key, mac);
        var received = _message.Slice(_integritySha256Offset + AttributeHeaderLength, valueLength);
        return CryptographicOperations.FixedTimeEquals(mac[..valueLength], received);
    }

    /// <summary>Checks FINGERPRINT (RFC 8489 §14.7); false when absent or wrong.</summary>
    public bool ValidateFingerprint()
    {
        if (_fingerprintOffset < 0) return false;
        var lengthField = (ushort)(_fingerprintOffset + AttributeHeaderLength + FingerprintValueLength - HeaderLength);
        var expected = StunIntegrity.ComputeFingerprint(_message[.._fingerprintOffset], lengthField);
        return BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprintOffset + AttributeHeaderLength)..]) == expected;
    }

    internal static int Pad4(int length) => (length + 3) & ~3;

    private bool TryGetAt(int offset, out ReadOnlySpan<byte> value)
    {
        if (offset < 0)
        {
            value = default;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
        value = _message.Slice(offset + AttributeHeaderLength, length);
        return true;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out var v) || v.Length != 8) return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(v);
        return true;
    }

    private static bool IsUnderstood(ushort type) => (StunAttributeType)type switch
    {
        StunAttributeType.MappedAddress or StunAttributeType.Username or StunAttributeType.MessageIntegrity
            or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm
            or StunAttributeType.Nonce or StunAttributeType.MessageIntegritySha256 or StunAttributeType.PasswordAlgorithm
            or StunAttributeType.UserHash or StunAttributeType.XorMappedAddress or StunAttributeType.Priority
            or StunAttributeType.UseCandidate => true,
        _ => false,
    };
}
