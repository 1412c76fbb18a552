using Sfu.Core.Diagnostics;

namespace Sfu.Core.Codecs;

/// <summary>
/// A view of the VP8 payload descriptor at the start of an RTP payload: partition start, picture id,
/// TL0PICIDX, temporal id, layer sync, keyframe; picture id and TL0PICIDX can be rewritten in place.
/// </summary>
/// <remarks>
/// RFC 7741 §4.2:
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL, 7 or 15 bits)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (if M)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// A keyframe is signalled by the VP8 payload header that follows the descriptor at the start of partition
/// 0: its P bit (bit 0 of the first byte) is 0 for a key frame (RFC 7741 §4.3, RFC 6386 §9.1). Rewriting keeps
/// the picture id's width (7 or 15 bits), because changing it would shift the payload; the forwarder
/// therefore wraps rewritten ids at the width the publisher chose.
/// </remarks>
public ref struct Vp8PayloadDescriptor
{
    private const byte ExtendedBit = 0x80;
    private const byte NonReferenceBit = 0x20;
    private const byte StartBit = 0x10;
    private const byte PartitionMask = 0x07;
    private const byte PictureIdBit = 0x80;
    private const byte Tl0PicIdxBit = 0x40;
    private const byte TidBit = 0x20;
    private const byte KeyIdxBit = 0x10;
    private const byte LongPictureIdBit = 0x80;
    private const byte InterFrameBit = 0x01;

    private readonly Span<byte> _payload;
    private readonly int _pictureIdOffset; // -1 when absent
    private readonly int _tl0Offset;       // -1 when absent
    private readonly int _tidKeyOffset;    // -1 when absent

    private Vp8PayloadDescriptor(Span<byte> payload, int pictureIdOffset, int tl0Offset, int tidKeyOffset, int length)
    {
        _payload = payload;
        _pictureIdOffset = pictureIdOffset;
        _tl0Offset = tl0Offset;
        _tidKeyOffset = tidKeyOffset;
        Length = length;
    }

    /// <summary>Descriptor size in bytes (1-6).</summary>
    public readonly int Length { get; }

    /// <summary>N: the frame is not used as a reference (may be dropped).</summary>
    public readonly bool IsNonReference => (_payload[0] & NonReferenceBit) != 0;

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public readonly bool IsStartOfPartition => (_payload[0] & StartBit) != 0;

    /// <summary>PID: the partition index.</summary>
    public readonly int PartitionId => _payload[0] & PartitionMask;

    /// <summary>True when the packet starts a frame (S set and partition 0).</summary>
    public readonly bool IsStartOfFrame => IsStartOfPartition && PartitionId == 0;

    /// <summary>True for the first packet of a key frame (start of partition 0 and the payload header's P bit clear).</summary>
    public readonly bool IsKeyframe => IsStartOfFrame && _payload.Length > Length && (_payload[Length] & InterFrameBit) == 0;

    /// <summary>True when a picture id is present.</summary>
    public readonly bool HasPictureId => _pictureIdOffset >= 0;

    /// <summary>True when the picture id is 15 bits (M set).</summary>
    public readonly bool HasLongPictureId => _pictureIdOffset >= 0 && (_payload[_pictureIdOffset] & LongPictureIdBit) != 0;

    /// <summary>The picture id (7 or 15 bits), or -1 when absent. Setting it masks the value to the present width.</summary>
    public int PictureId
    {
        readonly get
        {
            if (_pictureIdOffset < 0) return -1;
            var b = _payload[_pictureIdOffset];
            return (b & LongPictureIdBit) != 0 ? ((b & 0x7F) << 8) | _payload[_pictureIdOffset + 1] : b & 0x7F;
        }
        set
        {
            if (_pictureIdOffset < 0) throw new InvalidOperationException("The descriptor has no picture id.");
            if (HasLongPictureId)
            {
                _payload[_pictureIdOffset] = (byte)(LongPictureIdBit | ((value >> 8) & 0x7F));
                _payload[_pictureIdOffset + 1] = (byte)value;
            }
            else
            {
                _payload[_pictureIdOffset] = (byte)(value & 0x7F);
            }
        }
    }

    /// <summary>True when TL0PICIDX is present.</summary>
    public readonly bool HasTl0PicIdx => _tl0Offset >= 0;

    /// <summary>TL0PICIDX (temporal base layer frame index), or -1 when absent.</summary>
    public int Tl0PicIdx
    {
        readonly get => _tl0Offset < 0 ? -1 : _payload[_tl0Offset];
        set
        {
            if (_tl0Offset < 0) throw new InvalidOperationException("The descriptor has no TL0PICIDX.");
            _payload[_tl0Offset] = (byte)value;
        }
    }

    /// <summary>True when the T bit is set (TID and Y present).</summary>
    public readonly bool HasTemporalId => _tidKeyOffset >= 0 && (_payload[1] & TidBit) != 0;

    /// <summary>TID, the temporal layer (0-3), or -1 when absent.</summary>
    public readonly int TemporalId => HasTemporalId ? _payload[_tidKeyOffset] >> 6 : -1;

    /// <summary>Y: layer sync, the frame depends only on the base layer (a switch-up point).</summary>
    public readonly bool IsLayerSync => HasTemporalId && (_payload[_tidKeyOffset] & 0x20) != 0;

    /// <summary>KEYIDX (5 bits), or -1 when absent.</summary>
    public readonly int KeyIndex => _tidKeyOffset >= 0 && (_payload[1] & KeyIdxBit) != 0 ? _payload[_tidKeyOffset] & 0x1F : -1;

    /// <summary>The VP8 payload after the descriptor.</summary>
    public readonly Span<byte> Payload => _payload[Length..];

    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>; false when it is cut short.</summary>
    public static bool TryParse(Span<byte> payload, out Vp8PayloadDescriptor descriptor, out PacketDropReason reason)
    {
        descriptor = default;
        reason = PacketDropReason.Truncated;
        if (payload.IsEmpty) return false;
        var offset = 1;
        int pictureId = -1, tl0 = -1, tidKey = -1;
        if ((payload[0] & ExtendedBit) != 0)
        {
            if (payload.Length < 2) return false;
            var x = payload[1];
            offset = 2;
            if ((x & PictureIdBit) != 0)
            {
                if (payload.Length <= offset) return false;
                pictureId = offset;
                offset += (payload[offset] & LongPictureIdBit) != 0 ? 2 : 1;
            }
            if ((x & Tl0PicIdxBit) != 0)
            {
                tl0 = offset;
                offset++;
            }
            if ((x & (TidBit | KeyIdxBit)) != 0)
            {
                tidKey = offset;
                offset++;
            }
            if (offset > payload.Length) return false;
        }
        descriptor = new Vp8PayloadDescriptor(payload, pictureId, tl0, tidKey, offset);
        reason = PacketDropReason.None;
        return true;
    }
}
