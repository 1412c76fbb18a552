using System.Buffers.Binary;

namespace Sfu.Core.Feedback;

/// <summary>
/// Serialises the RTCP packets the engine sends. Each method writes one packet at the start of the
/// destination and returns its length, or 0 when it does not fit.
/// </summary>
/// <remarks>
/// Workaround: the shared RTCP types (Sfu.Core.Rtcp) were not on the packets branch while the engine was
/// written; these writers cover only what the engine emits and should move to, or be replaced by, that
/// folder. RFC 3550 §6.4 (SR/RR), §6.6 (BYE); RFC 4585 §6.2.1 (NACK), §6.3.1 (PLI); RFC 5104 §4.3.1 (FIR);
/// draft-alvestrand-rmcat-remb-03 §2 (REMB); RFC 3611 §4.4 (RRTR).
/// </remarks>
internal static class RtcpWriter
{
    public const int HeaderLength = 4;
    public const int ReportBlockLength = 24;
    private const int Version2Bits = 0x80;

    private static void Header(Span<byte> d, int countOrFmt, RtcpPacketType type, int totalLength)
    {
        d[0] = (byte)(Version2Bits | (countOrFmt & 0x1F));
        d[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)(totalLength / 4 - 1));
    }

    private static void Block(Span<byte> d, in ReportBlock b)
    {
        BinaryPrimitives.WriteUInt32BigEndian(d, b.Ssrc);
        var lost = Math.Clamp(b.CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], ((uint)b.FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], b.ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], b.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], b.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], b.DelaySinceLastSenderReport);
    }

    public static int ReceiverReport(Span<byte> d, uint senderSsrc, ReadOnlySpan<ReportBlock> blocks)
    {
        var count = Math.Min(blocks.Length, 31);
        var length = 8 + ReportBlockLength * count;
        if (d.Length < length) return 0;
        Header(d, count, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        for (var i = 0; i < count; i++) Block(d[(8 + ReportBlockLength * i)..], blocks[i]);
        return length;
    }

    public static int SenderReport(Span<byte> d, uint ssrc, ulong ntp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        const int length = 28;
        if (d.Length < length) return 0;
        Header(d, 0, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], ntp);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(d[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(d[24..], octetCount);
        return length;
    }

    public static int Pli(Span<byte> d, uint senderSsrc, uint mediaSsrc)
    {
        const int length = 12;
        if (d.Length < length) return 0;
        Header(d, 1, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], mediaSsrc);
        return length;
    }

    public static int Fir(Span<byte> d, uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        const int length = 20;
        if (d.Length < length) return 0;
        Header(d, 4, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        // RFC 5104 §4.3.1.2: media source SSRC is 0; the FCI names the target.
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], mediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], (uint)sequenceNumber << 24);
        return length;
    }

    /// <summary>Generic NACK for <paramref name="lost"/> (ascending, 16-bit sequence numbers), packed as PID+BLP.</summary>
    public static int Nack(Span<byte> d, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty || d.Length < 16) return 0;
        var o = 12;
        var i = 0;
        while (i < lost.Length && o + 4 <= d.Length)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var diff = (ushort)(lost[i] - pid);
                if (diff == 0) { i++; continue; }
                if (diff > 16) break;
                blp |= (ushort)(1 << (diff - 1));
                i++;
            }
            BinaryPrimitives.WriteUInt16BigEndian(d[o..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(d[(o + 2)..], blp);
            o += 4;
        }
        Header(d, 1, RtcpPacketType.TransportFeedback, o);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], mediaSsrc);
        return o;
    }

    /// <summary>REMB: bitrate as 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.</summary>
    public static int Remb(Span<byte> d, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        var n = Math.Min(ssrcs.Length, 255);
        var length = 20 + 4 * n;
        if (d.Length < length) return 0;
        Header(d, 15, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], 0);
        d[12] = (byte)'R'; d[13] = (byte)'E'; d[14] = (byte)'M'; d[15] = (byte)'B';
        var exp = 0;
        var mantissa = bitrate;
        while (mantissa > 0x3FFFF) { mantissa >>= 1; exp++; }
        d[16] = (byte)n;
        d[17] = (byte)((exp << 2) | (int)(mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(d[18..], (ushort)mantissa);
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteUInt32BigEndian(d[(20 + 4 * i)..], ssrcs[i]);
        return length;
    }

    public static int Bye(Span<byte> d, uint ssrc)
    {
        const int length = 8;
        if (d.Length < length) return 0;
        Header(d, 1, RtcpPacketType.Bye, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], ssrc);
        return length;
    }

    /// <summary>XR with one Receiver Reference Time block (RFC 3611 §4.4), so the publisher answers with DLRR.</summary>
    public static int XrReceiverReferenceTime(Span<byte> d, uint senderSsrc, ulong ntp)
    {
        const int length = 20;
        if (d.Length < length) return 0;
        Header(d, 0, RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        d[8] = 4; // BT=4 RRTR
        d[9] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(d[10..], 2);
        BinaryPrimitives.WriteUInt64BigEndian(d[12..], ntp);
        return length;
    }
}
