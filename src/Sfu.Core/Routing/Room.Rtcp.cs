using System.Buffers.Binary;
using Sfu.Core.Diagnostics;
using Sfu.Core.Feedback;

namespace Sfu.Core.Routing;

public sealed partial class Room
{
    private const int MaxNackedPerPacket = 256;

    /// <summary>RTCP packets read from participants.</summary>
    public long RtcpReceived { get; private set; }

    /// <summary>
    /// A decrypted (compound or reduced-size) RTCP packet from <paramref name="from"/>. Publisher-side parts
    /// (SR, XR DLRR) update the published layers; subscriber-side parts (RR blocks, NACK, PLI, FIR, REMB) go to
    /// the down-track with the SSRC they name. Unknown SSRCs and types are ignored; a malformed packet stops
    /// the walk and is counted.
    /// </summary>
    public PacketDropReason OnRtcp(Participant from, ReadOnlySpan<byte> packet, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(from);
        var reader = new RtcpCompoundReader(packet);
        var any = false;
        while (reader.MoveNext())
        {
            any = true;
            RtcpReceived++;
            var p = reader.Packet;
            switch ((RtcpPacketType)reader.Type)
            {
                case RtcpPacketType.SenderReport when p.Length >= 28:
                    {
                        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
                        if (from.TryGetBinding(ssrc, out var b) && !b.IsRtx)
                        {
                            b.Track.LayerArray[b.Layer].OnSenderReport(BinaryPrimitives.ReadUInt64BigEndian(p[8..]), BinaryPrimitives.ReadUInt32BigEndian(p[16..]), nowUs);
                        }
                        ReadBlocks(from, p, 28, reader.CountOrFormat, nowUs);
                        break;
                    }
                case RtcpPacketType.ReceiverReport when p.Length >= 8:
                    ReadBlocks(from, p, 8, reader.CountOrFormat, nowUs);
                    break;
                case RtcpPacketType.TransportFeedback when p.Length >= 12 && reader.CountOrFormat == 1:
                    OnNack(from, p, nowUs);
                    break;
                case RtcpPacketType.PayloadFeedback when p.Length >= 12:
                    OnPayloadFeedback(from, p, reader.CountOrFormat, nowUs);
                    break;
                case RtcpPacketType.ExtendedReport when p.Length >= 8:
                    OnExtendedReport(from, p, nowUs);
                    break;
                default:
                    break;
            }
        }
        if (reader.Malformed || !any) return Count(PacketDropReason.Malformed);
        return PacketDropReason.None;
    }

    private void ReadBlocks(Participant from, ReadOnlySpan<byte> p, int offset, int count, long nowUs)
    {
        for (var i = 0; i < count; i++)
        {
            if (!RtcpCompoundReader.TryReadBlock(p, offset, i, out var block)) return;
            from.FindDownTrack(block.Ssrc)?.OnReportBlock(block, nowUs, Options.NtpOriginUs);
        }
    }

    // RFC 4585 §6.2.1: FCI entries of PID (16 bits) and BLP (16 bits: PID+1..PID+16).
    private static void OnNack(Participant from, ReadOnlySpan<byte> p, long nowUs)
    {
        var media = BinaryPrimitives.ReadUInt32BigEndian(p[8..]);
        var dt = from.FindDownTrack(media);
        if (dt is null) return;
        Span<ushort> seqs = stackalloc ushort[MaxNackedPerPacket];
        var n = 0;
        for (var o = 12; o + 4 <= p.Length && n < MaxNackedPerPacket - 17; o += 4)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(p[o..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(p[(o + 2)..]);
            seqs[n++] = pid;
            for (var b = 0; b < 16; b++) if ((blp & (1 << b)) != 0) seqs[n++] = (ushort)(pid + b + 1);
        }
        dt.OnNack(seqs[..n], nowUs);
    }

    private static void OnPayloadFeedback(Participant from, ReadOnlySpan<byte> p, int format, long nowUs)
    {
        switch (format)
        {
            case 1: // PLI, RFC 4585 §6.3.1
                from.FindDownTrack(BinaryPrimitives.ReadUInt32BigEndian(p[8..]))?.RequestKeyframe(nowUs);
                break;
            case 4: // FIR, RFC 5104 §4.3.1: FCI entries of (SSRC, seq nr, reserved)
                for (var o = 12; o + 8 <= p.Length; o += 8) from.FindDownTrack(BinaryPrimitives.ReadUInt32BigEndian(p[o..]))?.RequestKeyframe(nowUs);
                break;
            case 15 when p.Length >= 20 && p[12] == 'R' && p[13] == 'E' && p[14] == 'M' && p[15] == 'B':
                {
                    // draft-alvestrand-rmcat-remb-03 §2.2: 6-bit exponent, 18-bit mantissa.
                    var exp = p[17] >> 2;
                    var mantissa = ((p[17] & 3) << 16) | BinaryPrimitives.ReadUInt16BigEndian(p[18..]);
                    from.SubscriberRembBitrate = exp > 40 ? long.MaxValue : (long)mantissa << exp;
                    break;
                }
            default:
                break;
        }
    }

    // RFC 3611 §4.5: DLRR sub-blocks (SSRC, LRR, DLRR) answer our RRTR; RTT = now - LRR - DLRR.
    private void OnExtendedReport(Participant from, ReadOnlySpan<byte> p, long nowUs)
    {
        for (var o = 8; o + 4 <= p.Length;)
        {
            var bt = p[o];
            var words = BinaryPrimitives.ReadUInt16BigEndian(p[(o + 2)..]);
            var end = o + 4 + 4 * words;
            if (end > p.Length) return;
            if (bt == 5)
            {
                for (var s = o + 4; s + 12 <= end; s += 12)
                {
                    if (BinaryPrimitives.ReadUInt32BigEndian(p[s..]) != from.Options.FeedbackSsrc) continue;
                    var lrr = BinaryPrimitives.ReadUInt32BigEndian(p[(s + 4)..]);
                    var dlrr = BinaryPrimitives.ReadUInt32BigEndian(p[(s + 8)..]);
                    if (lrr == 0) continue;
                    var now = NtpTime.Middle32(NtpTime.FromMicroseconds(Options.NtpOriginUs + nowUs));
                    var rtt = now - lrr - dlrr;
                    if (rtt < 0x8000_0000u) from.PublisherRttMs = NtpTime.FromCompact(rtt) / 1000.0;
                }
            }
            o = end;
        }
    }
}
