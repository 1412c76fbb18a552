using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtp;

/// <summary>
/// A validated view of one RTP packet over a mutable buffer: read every header field, rewrite SSRC,
/// sequence number, timestamp, marker, payload type and extension values in place, and remove extensions.
/// </summary>
/// <remarks>
/// RFC 3550 §5.1 (fixed header), §5.3.1 (extension block), RFC 8285 (one-byte and two-byte extension
/// elements).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   defined by profile (0xBEDE | 0x100X) |        length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  header extension (length words)              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Every length (CSRC count, extension length, each extension element, padding count) is checked against
/// the buffer in <see cref="TryParse"/>, so no accessor can read out of range afterwards. The view holds
/// no copy: setters write straight into the buffer, which is what the forwarder wants after copying the
/// packet into its scratch buffer.
/// </remarks>
public ref struct RtpPacketView
{
    /// <summary>Size of the fixed header.</summary>
    public const int FixedHeaderLength = 12;
    /// <summary>The only RTP version (RFC 3550 §5.1).</summary>
    public const int Version2 = 2;
    /// <summary>Profile of the one-byte extension form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;
    /// <summary>Profile of the two-byte extension form, low 4 bits are "appbits" (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;
    /// <summary>Id 15 in the one-byte form stops extension processing (RFC 8285 §4.2).</summary>
    public const int OneByteTerminatorId = 15;
    /// <summary>Largest id in the one-byte form.</summary>
    public const int MaxOneByteId = 14;
    /// <summary>Largest value length in the one-byte form.</summary>
    public const int MaxOneByteValueLength = 16;

    private const int SequenceOffset = 2;
    private const int TimestampOffset = 4;
    private const int SsrcOffset = 8;
    private const int CsrcOffset = 12;
    private const int ExtensionHeaderLength = 4;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;

    private Span<byte> _packet;
    private int _headerLength;
    // Offset of the 4-byte extension header (profile, length), or -1 when X is clear.
    private int _extensionOffset;
    private readonly int _paddingLength;

    private RtpPacketView(Span<byte> packet, int headerLength, int extensionOffset, int paddingLength)
    {
        _packet = packet;
        _headerLength = headerLength;
        _extensionOffset = extensionOffset;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet (it shrinks when an extension is removed).</summary>
    public readonly Span<byte> Packet => _packet;

    /// <summary>The packet length in bytes.</summary>
    public readonly int Length => _packet.Length;

    /// <summary>Fixed header, CSRCs and extension block.</summary>
    public readonly int HeaderLength => _headerLength;

    /// <summary>The P bit.</summary>
    public readonly bool HasPadding => (_packet[0] & PaddingBit) != 0;

    /// <summary>The X bit.</summary>
    public readonly bool HasExtension => _extensionOffset >= 0;

    /// <summary>The CSRC count.</summary>
    public readonly int CsrcCount => _packet[0] & CsrcCountMask;

    /// <summary>Padding bytes at the end, including the count byte; 0 without the P bit.</summary>
    public readonly int PaddingLength => _paddingLength;

    /// <summary>The payload, without header and padding.</summary>
    public readonly Span<byte> Payload => _packet[_headerLength..(_packet.Length - _paddingLength)];

    /// <summary>Payload length without padding.</summary>
    public readonly int PayloadLength => _packet.Length - _paddingLength - _headerLength;

    /// <summary>True for padding-only packets (bandwidth probes), which are never forwarded.</summary>
    public readonly bool IsPaddingOnly => PayloadLength == 0 && _paddingLength > 0;

    /// <summary>The marker bit.</summary>
    public bool Marker
    {
        readonly get => (_packet[1] & MarkerBit) != 0;
        set => _packet[1] = (byte)(value ? _packet[1] | MarkerBit : _packet[1] & ~MarkerBit);
    }

    /// <summary>The 7-bit payload type; setting it keeps the marker bit.</summary>
    public byte PayloadType
    {
        readonly get => (byte)(_packet[1] & PayloadTypeMask);
        set => _packet[1] = (byte)((_packet[1] & MarkerBit) | (value & PayloadTypeMask));
    }

    /// <summary>The sequence number.</summary>
    public ushort SequenceNumber
    {
        readonly get => BinaryPrimitives.ReadUInt16BigEndian(_packet[SequenceOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_packet[SequenceOffset..], value);
    }

    /// <summary>The RTP timestamp.</summary>
    public uint Timestamp
    {
        readonly get => BinaryPrimitives.ReadUInt32BigEndian(_packet[TimestampOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[TimestampOffset..], value);
    }

    /// <summary>The SSRC.</summary>
    public uint Ssrc
    {
        readonly get => BinaryPrimitives.ReadUInt32BigEndian(_packet[SsrcOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_packet[SsrcOffset..], value);
    }

    /// <summary>The extension profile (0xBEDE, 0x100X or another), or 0 without an extension.</summary>
    public readonly ushort ExtensionProfile => _extensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_packet[_extensionOffset..]);

    /// <summary>True when the extension block uses the RFC 8285 two-byte form.</summary>
    public readonly bool HasTwoByteExtensions => _extensionOffset >= 0 && (ExtensionProfile & 0xFFF0) == TwoByteProfile;

    /// <summary>True when the block is RFC 8285 (one- or two-byte), so elements can be addressed by id.</summary>
    public readonly bool HasRfc8285Extensions => _extensionOffset >= 0 && IsRfc8285(ExtensionProfile);

    /// <summary>The extension data after the 4-byte profile/length header (empty without an extension).</summary>
    public readonly Span<byte> ExtensionData => _extensionOffset < 0
        ? Span<byte>.Empty
        : _packet[(_extensionOffset + ExtensionHeaderLength).._headerLength];

    /// <summary>The CSRC at <paramref name="index"/> (0 to <see cref="CsrcCount"/> - 1).</summary>
    public readonly uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(CsrcOffset + 4 * index)..]);
    }

    /// <summary>
    /// Validates <paramref name="packet"/> as RTP and returns a view over it. Never throws and never reads
    /// outside the buffer; on failure <paramref name="reason"/> says why.
    /// </summary>
    public static bool TryParse(Span<byte> packet, out RtpPacketView view, out PacketDropReason reason)
    {
        view = default;
        if (packet.Length < FixedHeaderLength)
        {
            reason = PacketDropReason.TooShort;
            return false;
        }
        var b0 = packet[0];
        if (b0 >> 6 != Version2)
        {
            reason = PacketDropReason.BadVersion;
            return false;
        }

        var headerLength = FixedHeaderLength + 4 * (b0 & CsrcCountMask);
        if (headerLength > packet.Length)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }

        var extensionOffset = -1;
        if ((b0 & ExtensionBit) != 0)
        {
            if (packet.Length - headerLength < ExtensionHeaderLength)
            {
                // The X bit with no room for the extension header.
                reason = PacketDropReason.Truncated;
                return false;
            }
            extensionOffset = headerLength;
            var profile = BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]);
            var words = BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]);
            var dataLength = 4 * words;
            if (dataLength > packet.Length - headerLength - ExtensionHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            var data = packet.Slice(headerLength + ExtensionHeaderLength, dataLength);
            headerLength += ExtensionHeaderLength + dataLength;
            if (IsRfc8285(profile) && !ExtensionElementsFit(data, (profile & 0xFFF0) == TwoByteProfile))
            {
                reason = PacketDropReason.Malformed;
                return false;
            }
        }

        var paddingLength = 0;
        if ((b0 & PaddingBit) != 0)
        {
            // RFC 3550 §5.1: the last byte counts the padding, itself included, so 0 is invalid too.
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - headerLength)
            {
                reason = PacketDropReason.Malformed;
                return false;
            }
        }

        view = new RtpPacketView(packet, headerLength, extensionOffset, paddingLength);
        reason = PacketDropReason.None;
        return true;
    }

    /// <summary>The extension elements in wire order (empty unless the block is RFC 8285).</summary>
    public readonly RtpExtensionEnumerator GetExtensions() =>
        HasRfc8285Extensions ? new RtpExtensionEnumerator(ExtensionData, HasTwoByteExtensions) : default;

    /// <summary>The value of the first extension element with <paramref name="id"/>.</summary>
    public readonly bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        var found = TryFindExtension(id, out var offset, out var length);
        value = found ? ExtensionData.Slice(offset, length) : default;
        return found;
    }

    /// <summary>The value of the extension that <paramref name="map"/> assigns to <paramref name="kind"/>.</summary>
    public readonly bool TryGetExtension(RtpHeaderExtensionMap map, RtpExtensionKind kind, out ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(map);
        var id = map.GetId(kind);
        if (id == 0)
        {
            value = default;
            return false;
        }
        return TryGetExtension(id, out value);
    }

    /// <summary>A writable span over the value of the extension with <paramref name="id"/> (for in-place rewrites).</summary>
    public readonly bool TryGetWritableExtension(int id, out Span<byte> value)
    {
        var found = TryFindExtension(id, out var offset, out var length);
        value = found ? ExtensionData.Slice(offset, length) : default;
        return found;
    }

    /// <summary>Overwrites the value of extension <paramref name="id"/>; false when absent or when the length differs.</summary>
    public readonly bool TrySetExtension(int id, ReadOnlySpan<byte> value)
    {
        if (!TryGetWritableExtension(id, out var target) || target.Length != value.Length) return false;
        value.CopyTo(target);
        return true;
    }

    /// <summary>
    /// Renumbers extension <paramref name="oldId"/> to <paramref name="newId"/> in place (a subscriber may
    /// have negotiated different ids). False when absent or when <paramref name="newId"/> does not fit the form.
    /// </summary>
    public readonly bool TryRewriteExtensionId(int oldId, int newId)
    {
        var twoByte = HasTwoByteExtensions;
        if (newId < 1 || newId > (twoByte ? 255 : MaxOneByteId)) return false;
        if (!TryFindExtension(oldId, out var offset, out _)) return false;
        var data = ExtensionData;
        if (twoByte) data[offset - 2] = (byte)newId;
        else data[offset - 1] = (byte)((newId << 4) | (data[offset - 1] & 0x0F));
        return true;
    }

    /// <summary>
    /// Removes every element with <paramref name="id"/>: later elements and the payload move down, the block is
    /// re-padded to 4 bytes, and when no element is left the block and the X bit are removed. The view (and
    /// <see cref="Packet"/>) shrink accordingly. False when the id is absent.
    /// </summary>
    public bool RemoveExtension(int id)
    {
        if (!TryFindExtension(id, out _, out _)) return false;
        var twoByte = HasTwoByteExtensions;
        var data = ExtensionData;
        var write = 0;
        var e = new RtpExtensionEnumerator(data, twoByte);
        while (e.MoveNext())
        {
            var current = e.Current;
            if (current.Id == id) continue;
            var elementStart = e.ElementOffset;
            var elementLength = e.ValueOffset - elementStart + current.Value.Length;
            // write <= elementStart always, so an overlapping forward copy is safe.
            data.Slice(elementStart, elementLength).CopyTo(data[write..]);
            write += elementLength;
        }

        var newDataLength = (write + 3) & ~3;
        data[write..newDataLength].Clear();
        var newHeaderLength = newDataLength == 0
            ? _extensionOffset
            : _extensionOffset + ExtensionHeaderLength + newDataLength;
        if (newDataLength == 0)
        {
            _packet[0] = (byte)(_packet[0] & ~ExtensionBit);
            _extensionOffset = -1;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(_packet[(_extensionOffset + 2)..], (ushort)(newDataLength / 4));
        }

        var shift = _headerLength - newHeaderLength;
        _packet[_headerLength..].CopyTo(_packet[newHeaderLength..]);
        _packet = _packet[..(_packet.Length - shift)];
        _headerLength = newHeaderLength;
        return true;
    }

    /// <summary>
    /// Appends extension element <paramref name="id"/> to the packet held in <paramref name="buffer"/>[..<paramref name="packetLength"/>],
    /// creating the block (and setting X) when there is none; the payload and padding move up. A packet without
    /// a block gets the one-byte form when the element fits it (id 1-14, 1-16 bytes), else the two-byte form.
    /// False when the packet does not parse, the id is already present, the element does not fit the
    /// existing form (no conversion is attempted), the block is not RFC 8285, or the buffer is too small.
    /// </summary>
    public static bool TryAddExtension(Span<byte> buffer, int packetLength, int id, ReadOnlySpan<byte> value, out int newLength)
    {
        newLength = packetLength;
        if ((uint)packetLength > (uint)buffer.Length || !TryParse(buffer[..packetLength], out var view, out _)) return false;
        var fitsOneByte = id is >= 1 and <= MaxOneByteId && value.Length is >= 1 and <= MaxOneByteValueLength;
        bool twoByte;
        if (view.HasExtension)
        {
            if (!view.HasRfc8285Extensions || view.TryFindExtension(id, out _, out _)) return false;
            twoByte = view.HasTwoByteExtensions;
            if (!twoByte && !fitsOneByte) return false;
        }
        else
        {
            twoByte = !fitsOneByte;
        }
        if (twoByte && (id is < 1 or > 255 || value.Length > byte.MaxValue)) return false;

        // Where the existing elements end (padding and anything after an id-15 terminator are dropped).
        var used = 0;
        if (view.HasExtension)
        {
            var e = view.GetExtensions();
            while (e.MoveNext()) used = e.ValueOffset + e.Current.Value.Length;
        }
        var elementLength = (twoByte ? 2 : 1) + value.Length;
        var newDataLength = (used + elementLength + 3) & ~3;
        var blockStart = view.HasExtension ? view._extensionOffset : view._headerLength;
        var dataStart = blockStart + ExtensionHeaderLength;
        var newHeaderLength = dataStart + newDataLength;
        var length = packetLength + newHeaderLength - view._headerLength;
        if (length > buffer.Length || newDataLength / 4 > ushort.MaxValue) return false;

        // Move payload and padding first: the move only writes at or after the new header end, so the
        // existing elements in [dataStart, dataStart + used) survive it.
        buffer[view._headerLength..packetLength].CopyTo(buffer[newHeaderLength..]);
        if (!view.HasExtension)
        {
            buffer[0] |= ExtensionBit;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[blockStart..], twoByte ? TwoByteProfile : OneByteProfile);
        }
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(blockStart + 2)..], (ushort)(newDataLength / 4));
        var element = buffer[(dataStart + used)..];
        if (twoByte)
        {
            element[0] = (byte)id;
            element[1] = (byte)value.Length;
        }
        else
        {
            element[0] = (byte)((id << 4) | (value.Length - 1));
        }
        value.CopyTo(element[(twoByte ? 2 : 1)..]);
        buffer[(dataStart + used + elementLength)..newHeaderLength].Clear();
        newLength = length;
        return true;
    }

    private readonly bool TryFindExtension(int id, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        if (id <= 0 || !HasRfc8285Extensions) return false;
        var e = new RtpExtensionEnumerator(ExtensionData, HasTwoByteExtensions);
        while (e.MoveNext())
        {
            if (e.Current.Id != id) continue;
            valueOffset = e.ValueOffset;
            valueLength = e.Current.Value.Length;
            return true;
        }
        return false;
    }

    private static bool IsRfc8285(ushort profile) => profile == OneByteProfile || (profile & 0xFFF0) == TwoByteProfile;

    // Walks the elements once so that later lookups never meet an element that runs past the block.
    private static bool ExtensionElementsFit(ReadOnlySpan<byte> data, bool twoByte)
    {
        var i = 0;
        while (i < data.Length)
        {
            var b = data[i];
            if (b == 0)
            {
                i++;
                continue;
            }
            if (twoByte)
            {
                if (data.Length - i < 2) return false;
                var length = data[i + 1];
                if (length > data.Length - i - 2) return false;
                i += 2 + length;
            }
            else
            {
                var id = b >> 4;
                // Id 15 (and the undefined non-zero id 0) end processing; what follows is ignored, not an error.
                if (id == 0 || id == OneByteTerminatorId) return true;
                var length = (b & 0x0F) + 1;
                if (length > data.Length - i - 1) return false;
                i += 1 + length;
            }
        }
        return true;
    }
}
