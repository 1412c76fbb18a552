using Sfu.Core.Diagnostics;
using Sfu.Core.Feedback;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Routing;

public sealed partial class Room
{
    private const int MaxNackedPerPacket = 256;

    /// <summary>RTCP packets read from participants.</summary>
    public long RtcpReceived { get; private set; }

    /// <summary>
    /// A decrypted (compound or reduced-size) RTCP packet from <paramref name="from"/>, read with the shared
    /// views of Sfu.Core.Rtcp. Publisher-side parts (SR, XR DLRR) update the published layers; subscriber-side
    /// parts (RR blocks, NACK, PLI, FIR, REMB) go to the down-track with the SSRC they name. Unknown SSRCs and
    /// types are ignored; a compound whose framing is bad is dropped whole, a part that fails its own view is
    /// skipped and counted.
    /// </summary>
    public PacketDropReason OnRtcp(Participant from, ReadOnlySpan<byte> packet, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!RtcpCompoundReader.TryParse(packet, out var reader, out var reason)) return Count(reason);
        var result = PacketDropReason.None;
        Span<ushort> seqs = stackalloc ushort[MaxNackedPerPacket];
        foreach (var p in reader)
        {
            RtcpReceived++;
            var type = RtcpHeader.GetPacketType(p);
            var format = RtcpHeader.GetCount(p);
            var ok = true;
            switch (type)
            {
                case RtcpPacketType.SenderReport:
                    if (ok = RtcpSenderReport.TryParse(p, out var sr, out reason))
                    {
                        if (from.TryGetBinding(sr.Ssrc, out var b) && !b.IsRtx)
                        {
                            var info = sr.SenderInfo;
                            b.Track.LayerArray[b.Layer].OnSenderReport(info.NtpTimestamp, info.RtpTimestamp, nowUs);
                        }
                        for (var i = 0; i < sr.ReportCount; i++) OnReportBlock(from, sr.GetReportBlock(i), nowUs);
                    }
                    break;
                case RtcpPacketType.ReceiverReport:
                    if (ok = RtcpReceiverReport.TryParse(p, out var rr, out reason))
                    {
                        for (var i = 0; i < rr.ReportCount; i++) OnReportBlock(from, rr.GetReportBlock(i), nowUs);
                    }
                    break;
                case RtcpPacketType.TransportFeedback when format == RtcpFeedbackFormat.GenericNack:
                    if (ok = RtcpGenericNack.TryParse(p, out var nack, out reason))
                    {
                        var dt = from.FindDownTrack(nack.MediaSsrc);
                        dt?.OnNack(seqs[..nack.GetLostSequenceNumbers(seqs)], nowUs);
                    }
                    break;
                case RtcpPacketType.PayloadFeedback when format == RtcpFeedbackFormat.PictureLossIndication:
                    if (ok = RtcpPictureLossIndication.TryParse(p, out var pli, out reason)) from.FindDownTrack(pli.MediaSsrc)?.RequestKeyframe(nowUs);
                    break;
                case RtcpPacketType.PayloadFeedback when format == RtcpFeedbackFormat.FullIntraRequest:
                    if (ok = RtcpFullIntraRequest.TryParse(p, out var fir, out reason))
                    {
                        for (var i = 0; i < fir.EntryCount; i++) from.FindDownTrack(fir.GetEntry(i).Ssrc)?.RequestKeyframe(nowUs);
                    }
                    break;
                case RtcpPacketType.PayloadFeedback when format == RtcpFeedbackFormat.ApplicationLayer && RtcpRemb.IsRemb(p):
                    if (ok = RtcpRemb.TryParse(p, out var remb, out reason))
                    {
                        var bitrate = remb.Bitrate; // saturates at ulong.MaxValue for hostile exponents
                        from.SubscriberRembBitrate = bitrate > long.MaxValue ? long.MaxValue : (long)bitrate;
                    }
                    break;
                case RtcpPacketType.ExtendedReport:
                    if (ok = RtcpExtendedReport.TryParse(p, out var xr, out reason)) OnExtendedReport(from, xr, nowUs);
                    break;
                default:
                    break;
            }
            if (!ok) result = Count(reason);
        }
        return result;
    }

    private void OnReportBlock(Participant from, in RtcpReportBlock block, long nowUs) =>
        from.FindDownTrack(block.Ssrc)?.OnReportBlock(block, nowUs, Options.NtpOriginUs);

    // RFC 3611 §4.5: DLRR sub-blocks (SSRC, LRR, DLRR) answer our RRTR; RTT = now - LRR - DLRR.
    private void OnExtendedReport(Participant from, in RtcpExtendedReport xr, long nowUs)
    {
        for (var i = 0; i < xr.DlrrCount; i++)
        {
            var item = xr.GetDlrr(i);
            if (item.Ssrc != from.Options.FeedbackSsrc || item.LastReceiverReport == 0) continue;
            var now = NtpTime.Middle32(NtpTime.FromMicroseconds(Options.NtpOriginUs + nowUs));
            var rtt = now - item.LastReceiverReport - item.DelaySinceLastReceiverReport;
            if (rtt < 0x8000_0000u) from.PublisherRttMs = NtpTime.FromCompact(rtt) / 1000.0;
        }
    }
}
