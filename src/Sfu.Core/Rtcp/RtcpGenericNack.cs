using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>Generic NACK (RTPFB, FMT 1): lost packets as (PID, BLP) pairs.</summary>
/// <remarks>
/// RFC 4585 §6.2.1: each 4-byte FCI item names a lost sequence number (PID) and a bitmask of the 16
/// following ones (BLP, bit i = PID + i + 1 lost). So one item reports up to 17 packets.
/// </remarks>
public readonly ref struct RtcpGenericNack
{
    /// <summary>Size of one FCI item.</summary>
    public const int ItemLength = 4;

    /// <summary>Most sequence numbers one item can report.</summary>
    public const int MaxPerItem = 17;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private RtcpGenericNack(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    /// <summary>SSRC of the NACK sender.</summary>
    public uint SenderSsrc => RtcpFeedbackHeader.GetSenderSsrc(_packet);

    /// <summary>SSRC of the stream with losses.</summary>
    public uint MediaSsrc => RtcpFeedbackHeader.GetMediaSsrc(_packet);

    /// <summary>Number of (PID, BLP) items.</summary>
    public int ItemCount => _fci.Length / ItemLength;

    /// <summary>Item <paramref name="index"/>.</summary>
    public (ushort PacketId, ushort Bitmask) GetItem(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ItemCount);
        var item = _fci[(index * ItemLength)..];
        return (BinaryPrimitives.ReadUInt16BigEndian(item), BinaryPrimitives.ReadUInt16BigEndian(item[2..]));
    }

    /// <summary>
    /// Expands every item into <paramref name="destination"/>; returns how many sequence numbers were written
    /// (stops when the destination is full; 17 × <see cref="ItemCount"/> is always enough).
    /// </summary>
    public int GetLostSequenceNumbers(Span<ushort> destination)
    {
        var n = 0;
        for (var i = 0; i < ItemCount; i++)
        {
            var (pid, blp) = GetItem(i);
            if (n == destination.Length) return n;
            destination[n++] = pid;
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) == 0) continue;
                if (n == destination.Length) return n;
                destination[n++] = (ushort)(pid + bit + 1);
            }
        }
        return n;
    }

    /// <summary>Validates one NACK packet (header included); the FCI must be whole, non-empty items.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpGenericNack nack, out PacketDropReason reason)
    {
        nack = default;
        if (!RtcpFeedbackHeader.TryGetFci(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, out var fci, out reason)) return false;
        if (fci.Length == 0 || fci.Length % ItemLength != 0)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        nack = new RtcpGenericNack(packet, fci);
        return true;
    }

    /// <summary>How many items <see cref="Write"/> needs for <paramref name="lost"/>.</summary>
    public static int CountItems(ReadOnlySpan<ushort> lost) => Pack(lost, default);

    /// <summary>Size of the packet <see cref="Write"/> produces for <paramref name="lost"/>.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lost) => RtcpFeedbackHeader.Length + ItemLength * CountItems(lost);

    /// <summary>
    /// Writes a NACK for <paramref name="lost"/> (in sending order; duplicates are merged). Consecutive
    /// numbers within 16 of an item's PID share that item. Returns the length.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty) throw new ArgumentException("A NACK reports at least one sequence number.", nameof(lost));
        var length = GetLength(lost);
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        Pack(lost, destination[RtcpFeedbackHeader.Length..length]);
        return length;
    }

    // Packs into (PID, BLP) items; with an empty destination it only counts.
    private static int Pack(ReadOnlySpan<ushort> lost, Span<byte> destination)
    {
        var items = 0;
        var i = 0;
        while (i < lost.Length)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var d = (ushort)(lost[i] - pid);
                if (d == 0) { i++; continue; }
                if (d > 16) break;
                blp |= (ushort)(1 << (d - 1));
                i++;
            }
            if (!destination.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[(items * ItemLength)..], pid);
                BinaryPrimitives.WriteUInt16BigEndian(destination[(items * ItemLength + 2)..], blp);
            }
            items++;
        }
        return items;
    }
}
