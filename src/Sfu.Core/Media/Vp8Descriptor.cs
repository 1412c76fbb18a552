using System.Buffers.Binary;

namespace Sfu.Core.Media;

/// <summary>
/// The parts of the VP8 RTP payload descriptor the forwarder reads and rewrites: picture id, TL0PICIDX,
/// start of partition and the key-frame bit.
/// </summary>
/// <remarks>
/// RFC 7741 §4.2 (payload descriptor) and §4.3 (payload header, P bit = inverse key frame flag).
/// <code>
///      0 1 2 3 4 5 6 7
///     +-+-+-+-+-+-+-+-+
///     |X|R|N|S|R| PID | (REQUIRED)
///     +-+-+-+-+-+-+-+-+
/// X:  |I|L|T|K| RSV   | (OPTIONAL)
///     +-+-+-+-+-+-+-+-+
/// I:  |M| PictureID   | (OPTIONAL, 7 or 15 bits)
///     +-+-+-+-+-+-+-+-+
/// L:  |   TL0PICIDX   | (OPTIONAL)
///     +-+-+-+-+-+-+-+-+
/// T/K:|TID|Y| KEYIDX  | (OPTIONAL)
///     +-+-+-+-+-+-+-+-+
/// </code>
/// Workaround: the codec helpers (Sfu.Core.Codecs) were not on the packets branch when the engine was
/// written; this is the minimal subset the forwarder needs and should be replaced by the shared descriptor.
/// </remarks>
public readonly ref struct Vp8Descriptor
{
    private const byte XBit = 0x80;
    private const byte SBit = 0x10;
    private const byte PidMask = 0x07;
    private const byte IBit = 0x80;
    private const byte LBit = 0x40;
    private const byte TBit = 0x20;
    private const byte KBit = 0x10;
    private const byte MBit = 0x80;
    private const byte InverseKeyFrameBit = 0x01;

    /// <summary>Offset of the picture id in the payload, or -1.</summary>
    public int PictureIdOffset { get; }

    /// <summary>True when the picture id is 15 bits (M bit).</summary>
    public bool LongPictureId { get; }

    /// <summary>Offset of TL0PICIDX in the payload, or -1.</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>Start of a VP8 partition (S bit).</summary>
    public bool StartOfPartition { get; }

    /// <summary>Partition index (PID).</summary>
    public int PartitionId { get; }

    /// <summary>The first packet of a key frame (S=1, PID=0, payload header P bit clear).</summary>
    public bool IsKeyFrame { get; }

    /// <summary>Length of the descriptor.</summary>
    public int Length { get; }

    private Vp8Descriptor(int picOffset, bool longPic, int tl0Offset, bool start, int pid, bool key, int length)
    {
        PictureIdOffset = picOffset;
        LongPictureId = longPic;
        Tl0PicIdxOffset = tl0Offset;
        StartOfPartition = start;
        PartitionId = pid;
        IsKeyFrame = key;
        Length = length;
    }

    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>; false when truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8Descriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1) return false;
        var b0 = payload[0];
        var offset = 1;
        int picOffset = -1, tl0Offset = -1;
        var longPic = false;
        if ((b0 & XBit) != 0)
        {
            if (payload.Length < 2) return false;
            var x = payload[1];
            offset = 2;
            if ((x & IBit) != 0)
            {
                if (payload.Length < offset + 1) return false;
                picOffset = offset;
                longPic = (payload[offset] & MBit) != 0;
                offset += longPic ? 2 : 1;
            }
            if ((x & LBit) != 0)
            {
                tl0Offset = offset;
                offset++;
            }
            if ((x & (TBit | KBit)) != 0) offset++;
            if (payload.Length < offset) return false;
        }
        var start = (b0 & SBit) != 0;
        var pid = b0 & PidMask;
        // RFC 7741 §4.3: the payload header follows the descriptor in the first packet of a partition 0.
        var key = start && pid == 0 && payload.Length > offset && (payload[offset] & InverseKeyFrameBit) == 0;
        descriptor = new Vp8Descriptor(picOffset, longPic, tl0Offset, start, pid, key, offset);
        return true;
    }

    /// <summary>Reads the picture id (-1 when absent).</summary>
    public int ReadPictureId(ReadOnlySpan<byte> payload)
    {
        if (PictureIdOffset < 0) return -1;
        return LongPictureId ? BinaryPrimitives.ReadUInt16BigEndian(payload[PictureIdOffset..]) & 0x7FFF : payload[PictureIdOffset] & 0x7F;
    }

    /// <summary>Writes <paramref name="pictureId"/> in the field's own width (7 or 15 bits, wrapping).</summary>
    public void WritePictureId(Span<byte> payload, int pictureId)
    {
        if (PictureIdOffset < 0) return;
        if (LongPictureId) BinaryPrimitives.WriteUInt16BigEndian(payload[PictureIdOffset..], (ushort)(0x8000 | (pictureId & 0x7FFF)));
        else payload[PictureIdOffset] = (byte)(pictureId & 0x7F);
    }

    /// <summary>Reads TL0PICIDX (-1 when absent).</summary>
    public int ReadTl0PicIdx(ReadOnlySpan<byte> payload) => Tl0PicIdxOffset < 0 ? -1 : payload[Tl0PicIdxOffset];

    /// <summary>Writes TL0PICIDX (8 bits, wrapping).</summary>
    public void WriteTl0PicIdx(Span<byte> payload, int value)
    {
        if (Tl0PicIdxOffset >= 0) payload[Tl0PicIdxOffset] = (byte)value;
    }
}
