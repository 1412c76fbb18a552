using System.Buffers.Binary;

namespace Sfu.Core.Feedback;

/// <summary>
/// Walks a (plaintext) compound RTCP packet one packet at a time, checking every length against the buffer.
/// </summary>
/// <remarks>
/// RFC 3550 §6.1 (common header; length in 32-bit words minus one), RFC 5506 (reduced-size RTCP: a compound
/// may start with feedback). Workaround until the shared Sfu.Core.Rtcp views exist (see RtcpWriter).
/// </remarks>
internal ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    /// <summary>Packet type of the current packet.</summary>
    public byte Type { get; private set; }

    /// <summary>Count or FMT field of the current packet.</summary>
    public int CountOrFormat { get; private set; }

    /// <summary>The whole current packet (header included, padding excluded).</summary>
    public ReadOnlySpan<byte> Packet { get; private set; }

    /// <summary>True after a packet failed validation (the rest of the compound is ignored).</summary>
    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        if (_offset + 4 > _data.Length) return false;
        var b0 = _data[_offset];
        if (b0 >> 6 != 2)
        {
            Malformed = true;
            return false;
        }
        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(_data[(_offset + 2)..]) + 1);
        if (length > _data.Length - _offset)
        {
            Malformed = true;
            return false;
        }
        var packet = _data.Slice(_offset, length);
        if ((b0 & 0x20) != 0)
        {
            var pad = packet[^1];
            if (pad == 0 || pad > length - 4)
            {
                Malformed = true;
                return false;
            }
            packet = packet[..(length - pad)];
        }
        Type = _data[_offset + 1];
        CountOrFormat = b0 & 0x1F;
        Packet = packet;
        _offset += length;
        return true;
    }

    /// <summary>Reads report block <paramref name="index"/> starting at <paramref name="blocksOffset"/>; false when out of range.</summary>
    public static bool TryReadBlock(ReadOnlySpan<byte> packet, int blocksOffset, int index, out ReportBlock block)
    {
        block = default;
        var o = blocksOffset + RtcpWriter.ReportBlockLength * index;
        if (o + RtcpWriter.ReportBlockLength > packet.Length) return false;
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[(o + 4)..]);
        var lost = (int)(word & 0xFFFFFF);
        if ((lost & 0x800000) != 0) lost |= unchecked((int)0xFF000000);
        block = new ReportBlock(BinaryPrimitives.ReadUInt32BigEndian(packet[o..]), (byte)(word >> 24), lost,
            BinaryPrimitives.ReadUInt32BigEndian(packet[(o + 8)..]), BinaryPrimitives.ReadUInt32BigEndian(packet[(o + 12)..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[(o + 16)..]), BinaryPrimitives.ReadUInt32BigEndian(packet[(o + 20)..]));
        return true;
    }
}
