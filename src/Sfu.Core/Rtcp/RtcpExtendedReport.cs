using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>An extended report (PT 207): report blocks, of which RRTR and DLRR are understood.</summary>
/// <remarks>
/// RFC 3611 §2-§3: SSRC of the sender, then blocks of BT (8 bits), type-specific (8), block length (16, in
/// words, excluding the 4-byte block header), contents. RRTR (BT 4, §4.4) carries a receiver's NTP time;
/// DLRR (BT 5, §4.5) answers it with (SSRC, LRR, DLRR) sub-blocks, letting a receive-only endpoint such
/// as an SFU measure round-trip time. Every block length is checked against the packet in <see cref="TryParse"/>.
/// </remarks>
public readonly ref struct RtcpExtendedReport
{
    /// <summary>Block type of the receiver reference time report.</summary>
    public const byte ReceiverReferenceTimeBlockType = 4;
    /// <summary>Block type of the DLRR report.</summary>
    public const byte DlrrBlockType = 5;

    private const int SsrcOffset = RtcpHeader.Length;
    private const int BlockHeaderLength = 4;
    private const int RrtrContentLength = 8;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _blocks;

    private RtcpExtendedReport(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> blocks)
    {
        _packet = packet;
        _blocks = blocks;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>SSRC of the report's sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[SsrcOffset..]);

    /// <summary>The NTP timestamp of the first RRTR block.</summary>
    public bool TryGetReceiverReferenceTime(out ulong ntpTimestamp)
    {
        ntpTimestamp = 0;
        if (!TryGetBlock(ReceiverReferenceTimeBlockType, out var contents) || contents.Length < RrtrContentLength) return false;
        ntpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(contents);
        return true;
    }

    /// <summary>Number of sub-blocks in the first DLRR block (0 when absent).</summary>
    public int DlrrCount => TryGetBlock(DlrrBlockType, out var contents) ? contents.Length / RtcpDlrrItem.Length : 0;

    /// <summary>DLRR sub-block <paramref name="index"/> of the first DLRR block.</summary>
    public RtcpDlrrItem GetDlrr(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, DlrrCount);
        TryGetBlock(DlrrBlockType, out var contents);
        return RtcpDlrrItem.Read(contents[(index * RtcpDlrrItem.Length)..]);
    }

    /// <summary>The contents of the first block of type <paramref name="blockType"/>.</summary>
    public bool TryGetBlock(byte blockType, out ReadOnlySpan<byte> contents)
    {
        var offset = 0;
        while (_blocks.Length - offset >= BlockHeaderLength)
        {
            var length = 4 * BinaryPrimitives.ReadUInt16BigEndian(_blocks[(offset + 2)..]);
            if (length > _blocks.Length - offset - BlockHeaderLength) break;
            if (_blocks[offset] == blockType)
            {
                contents = _blocks.Slice(offset + BlockHeaderLength, length);
                return true;
            }
            offset += BlockHeaderLength + length;
        }
        contents = default;
        return false;
    }

    /// <summary>Validates one XR packet (header included): every block must fit, and RRTR/DLRR must have their sizes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpExtendedReport report, out PacketDropReason reason)
    {
        report = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.ExtendedReport, out var body, out reason)) return false;
        if (body.Length < 4)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        var blocks = body[4..];
        var offset = 0;
        while (offset < blocks.Length)
        {
            if (blocks.Length - offset < BlockHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            var type = blocks[offset];
            var length = 4 * BinaryPrimitives.ReadUInt16BigEndian(blocks[(offset + 2)..]);
            if (length > blocks.Length - offset - BlockHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            if ((type == ReceiverReferenceTimeBlockType && length != RrtrContentLength) || (type == DlrrBlockType && length % RtcpDlrrItem.Length != 0))
            {
                reason = PacketDropReason.Malformed;
                return false;
            }
            offset += BlockHeaderLength + length;
        }
        report = new RtcpExtendedReport(packet, blocks);
        return true;
    }

    /// <summary>Size of an XR with an optional RRTR and <paramref name="dlrrCount"/> DLRR sub-blocks.</summary>
    public static int GetLength(bool receiverReferenceTime, int dlrrCount) =>
        RtcpHeader.Length + 4
        + (receiverReferenceTime ? BlockHeaderLength + RrtrContentLength : 0)
        + (dlrrCount > 0 ? BlockHeaderLength + dlrrCount * RtcpDlrrItem.Length : 0);

    /// <summary>Writes an XR with an optional RRTR block and an optional DLRR block; returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ulong? receiverReferenceTime, ReadOnlySpan<RtcpDlrrItem> dlrr)
    {
        var length = GetLength(receiverReferenceTime.HasValue, dlrr.Length);
        RtcpHeader.EnsureRoom(destination, length);
        RtcpHeader.Write(destination, 0, RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SsrcOffset..], ssrc);
        var offset = SsrcOffset + 4;
        if (receiverReferenceTime is { } ntp)
        {
            WriteBlockHeader(destination[offset..], ReceiverReferenceTimeBlockType, RrtrContentLength);
            BinaryPrimitives.WriteUInt64BigEndian(destination[(offset + BlockHeaderLength)..], ntp);
            offset += BlockHeaderLength + RrtrContentLength;
        }
        if (!dlrr.IsEmpty)
        {
            WriteBlockHeader(destination[offset..], DlrrBlockType, dlrr.Length * RtcpDlrrItem.Length);
            offset += BlockHeaderLength;
            foreach (var item in dlrr)
            {
                item.WriteTo(destination[offset..]);
                offset += RtcpDlrrItem.Length;
            }
        }
        return length;
    }

    private static void WriteBlockHeader(Span<byte> destination, byte type, int contentLength)
    {
        destination[0] = type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(contentLength / 4));
    }
}
