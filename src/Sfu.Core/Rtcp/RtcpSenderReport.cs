using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>A sender report (PT 200): the sender's SSRC and clock mapping, then up to 31 reception report blocks.</summary>
/// <remarks>
/// RFC 3550 §6.4.1. Header (RC = number of blocks), SSRC of sender, <see cref="RtcpSenderInfo"/>, RC ×
/// <see cref="RtcpReportBlock"/>, then optional profile-specific extensions. RC × 24 bytes must fit the
/// packet's own length (not the datagram's).
/// </remarks>
public readonly ref struct RtcpSenderReport
{
    private const int SsrcOffset = RtcpHeader.Length;
    private const int SenderInfoOffset = SsrcOffset + 4;
    private const int BlocksOffset = SenderInfoOffset + RtcpSenderInfo.Length;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpSenderReport(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        _packet = packet;
        _body = body;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[SsrcOffset..]);

    /// <summary>NTP/RTP timestamps and counters.</summary>
    public RtcpSenderInfo SenderInfo => RtcpSenderInfo.Read(_packet[SenderInfoOffset..]);

    /// <summary>Number of report blocks.</summary>
    public int ReportCount => RtcpHeader.GetCount(_packet);

    /// <summary>Report block <paramref name="index"/>.</summary>
    public RtcpReportBlock GetReportBlock(int index) => RtcpReportBlock.ReadFromReport(_packet, BlocksOffset, index);

    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension => RtcpReportBlock.ReportProfileExtension(_packet, _body, BlocksOffset);

    /// <summary>Validates one SR packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSenderReport report, out PacketDropReason reason)
    {
        report = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.SenderReport, out var body, out reason)) return false;
        if (!RtcpReportBlock.FitInReport(packet, body, BlocksOffset))
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        report = new RtcpSenderReport(packet, body);
        return true;
    }

    /// <summary>Size of an SR with <paramref name="blockCount"/> blocks.</summary>
    public static int GetLength(int blockCount) => BlocksOffset + blockCount * RtcpReportBlock.Length;

    /// <summary>Writes an SR; returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, in RtcpSenderInfo senderInfo, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        var length = GetLength(blocks.Length);
        RtcpHeader.EnsureRoom(destination, length);
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SsrcOffset..], ssrc);
        senderInfo.WriteTo(destination[SenderInfoOffset..]);
        for (var i = 0; i < blocks.Length; i++) blocks[i].WriteTo(destination[(BlocksOffset + i * RtcpReportBlock.Length)..]);
        return length;
    }
}
