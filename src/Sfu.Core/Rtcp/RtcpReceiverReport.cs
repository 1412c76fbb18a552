using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>A receiver report (PT 201): the reporter's SSRC and up to 31 reception report blocks.</summary>
/// <remarks>RFC 3550 §6.4.2. Same as an SR without the sender information; RC × 24 bytes must fit the packet.</remarks>
public readonly ref struct RtcpReceiverReport
{
    private const int SsrcOffset = RtcpHeader.Length;
    private const int BlocksOffset = SsrcOffset + 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpReceiverReport(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        _packet = packet;
        _body = body;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>SSRC of the packet sender (the reporter).</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[SsrcOffset..]);

    /// <summary>Number of report blocks.</summary>
    public int ReportCount => RtcpHeader.GetCount(_packet);

    /// <summary>Report block <paramref name="index"/>.</summary>
    public RtcpReportBlock GetReportBlock(int index) => RtcpReportBlock.ReadFromReport(_packet, BlocksOffset, index);

    /// <summary>Profile-specific extension bytes after the report blocks.</summary>
    public ReadOnlySpan<byte> ProfileExtension => RtcpReportBlock.ReportProfileExtension(_packet, _body, BlocksOffset);

    /// <summary>Validates one RR packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpReceiverReport report, out PacketDropReason reason)
    {
        report = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.ReceiverReport, out var body, out reason)) return false;
        if (!RtcpReportBlock.FitInReport(packet, body, BlocksOffset))
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        report = new RtcpReceiverReport(packet, body);
        return true;
    }

    /// <summary>Size of an RR with <paramref name="blockCount"/> blocks.</summary>
    public static int GetLength(int blockCount) => BlocksOffset + blockCount * RtcpReportBlock.Length;

    /// <summary>Writes an RR; returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        var length = GetLength(blocks.Length);
        RtcpHeader.EnsureRoom(destination, length);
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SsrcOffset..], ssrc);
        for (var i = 0; i < blocks.Length; i++) blocks[i].WriteTo(destination[(BlocksOffset + i * RtcpReportBlock.Length)..]);
        return length;
    }
}
