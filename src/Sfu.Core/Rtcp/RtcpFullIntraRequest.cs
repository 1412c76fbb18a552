using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>Full intra request (PSFB, FMT 4): one or more (SSRC, command sequence number) entries.</summary>
/// <remarks>
/// RFC 5104 §4.3.1. The media SSRC field is unused (0); each 8-byte FCI entry names the target SSRC and a
/// sequence number that the sender increments per new request, so repeats can be told apart.
/// </remarks>
public readonly ref struct RtcpFullIntraRequest
{
    /// <summary>Size of one FCI entry.</summary>
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private RtcpFullIntraRequest(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc => RtcpFeedbackHeader.GetSenderSsrc(_packet);

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => _fci.Length / EntryLength;

    /// <summary>Entry <paramref name="index"/>: target SSRC and command sequence number.</summary>
    public (uint Ssrc, byte SequenceNumber) GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _fci[(index * EntryLength)..];
        return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Validates one FIR packet (header included); the FCI must be whole, non-empty entries.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFullIntraRequest fir, out PacketDropReason reason)
    {
        fir = default;
        if (!RtcpFeedbackHeader.TryGetFci(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, out var fci, out reason)) return false;
        if (fci.Length == 0 || fci.Length % EntryLength != 0)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        fir = new RtcpFullIntraRequest(packet, fci);
        return true;
    }

    /// <summary>Writes a FIR with one entry; returns its length (20).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint targetSsrc, byte sequenceNumber)
    {
        const int length = RtcpFeedbackHeader.Length + EntryLength;
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        var entry = destination[RtcpFeedbackHeader.Length..length];
        BinaryPrimitives.WriteUInt32BigEndian(entry, targetSsrc);
        entry[4] = sequenceNumber;
        entry[5..].Clear();
        return length;
    }
}
