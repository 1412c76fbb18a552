using Sfu.Core.Feedback;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Routing;

public sealed partial class Room
{
    private const int MaxNackPerTick = 128;
    private const int MaxReportBlocks = 31;
    private readonly List<Participant> _speakers = [];
    private readonly List<(Participant Participant, double Score)> _speakerScratch = [];
    private long _lastSpeakerUs = long.MinValue / 4;

    /// <summary>The ordered active speakers as last announced.</summary>
    public IReadOnlyList<Participant> ActiveSpeakers => _speakers;

    /// <summary>
    /// Periodic work: transport-cc feedback (every <see cref="RoomOptions.TransportCcIntervalMs"/>), NACKs and
    /// abandoned losses, deferred key-frame requests, receiver reports with XR RRTR and REMB to publishers,
    /// sender reports to subscribers, and active-speaker evaluation. Call at least every <see cref="TickIntervalMs"/>.
    /// </summary>
    public void OnTick(long nowUs)
    {
        for (var i = 0; i < _participants.Count; i++)
        {
            var p = _participants[i];
            PublisherFeedback(p, nowUs);
            if (nowUs - p.LastReportUs >= Options.ReportIntervalMs * 1000L)
            {
                p.LastReportUs = nowUs;
                SendReceiverReports(p, nowUs);
                SendSenderReports(p, nowUs);
            }
        }
        if (nowUs - _lastSpeakerUs >= Options.SpeakerIntervalMs * 1000L)
        {
            _lastSpeakerUs = nowUs;
            UpdateSpeakers(nowUs);
        }
    }

    private void PublisherFeedback(Participant p, long nowUs)
    {
        var fbSsrc = p.Options.FeedbackSsrc;
        if (p.Options.TransportCc && p.TransportCc.HasPending && nowUs - p.LastTransportCcUs >= Options.TransportCcIntervalMs * 1000L)
        {
            p.LastTransportCcUs = nowUs;
            var media = FirstMediaSsrc(p);
            while (p.TransportCc.HasPending)
            {
                var n = p.TransportCc.WriteFeedback(p.Sink.GetBuffer(1200), fbSsrc, media);
                if (n == 0) break;
                p.Sink.Commit(PacketKind.Rtcp, n);
            }
        }
        Span<long> due = stackalloc long[MaxNackPerTick];
        Span<long> abandoned = stackalloc long[MaxNackPerTick];
        Span<ushort> seqs = stackalloc ushort[MaxNackPerTick];
        var tracks = p.PublishedList;
        for (var t = 0; t < tracks.Count; t++)
        {
            var track = tracks[t];
            foreach (var layer in track.LayerArray)
            {
                if (layer.Ssrc == 0) continue;
                if (track.Info.Nack)
                {
                    var n = layer.Nack.Poll(nowUs, (int)Math.Max(0, p.PublisherRttMs), due, abandoned, out var ac);
                    if (n > 0)
                    {
                        for (var k = 0; k < n; k++) seqs[k] = (ushort)due[k];
                        var len = RtcpGenericNack.Write(p.Sink.GetBuffer(RtcpGenericNack.GetLength(seqs[..n])), fbSsrc, layer.Ssrc, seqs[..n]);
                        p.Sink.Commit(PacketKind.Rtcp, len);
                    }
                    if (ac > 0) NotifyAbandoned(track, layer, abandoned[..ac], nowUs);
                }
                if (layer.KeyframeThrottle.PollDeferred(nowUs)) SendKeyframeRequest(track, layer);
            }
        }
    }

    private static uint FirstMediaSsrc(Participant p)
    {
        foreach (var t in p.PublishedList)
            foreach (var l in t.LayerArray)
                if (l.Ssrc != 0) return l.Ssrc;
        return 0;
    }

    // RFC 3550 §6.4.2 receiver report (one block per received SSRC), RFC 3611 §4.4 RRTR, and REMB where the
    // publisher negotiated goog-remb without transport-cc. With transport-cc the publisher runs send-side
    // estimation on our feedback and takes any REMB as a hard cap (webrtc's goog_cc clamps its target to the
    // last REMB), so a fixed REMB would throttle every Chromium publisher to it; mediasoup and LiveKit send
    // none there either. Without transport-cc the REMB is the configured ceiling (as Janus's videoroom does).
    private void SendReceiverReports(Participant p, long nowUs)
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[MaxReportBlocks];
        Span<uint> ssrcs = stackalloc uint[MaxReportBlocks];
        var count = 0;
        var remb = false;
        foreach (var t in p.PublishedList)
        {
            remb |= t.Info.Remb && t.Info.Extensions.GetId(RtpExtensionKind.TransportWideCc) == 0;
            foreach (var l in t.LayerArray)
            {
                if (l.Ssrc == 0 || l.PacketsReceived == 0 || count == MaxReportBlocks) continue;
                ssrcs[count] = l.Ssrc;
                blocks[count++] = l.Statistics.BuildReport(l.Ssrc, nowUs);
            }
        }
        if (count == 0) return;
        var fb = p.Options.FeedbackSsrc;
        var buffer = p.Sink.GetBuffer(8 + 24 * MaxReportBlocks + 20 + 20 + 4 * MaxReportBlocks);
        var o = RtcpReceiverReport.Write(buffer, fb, blocks[..count]);
        o += RtcpExtendedReport.Write(buffer[o..], fb, NtpTime.FromMicroseconds(Options.NtpOriginUs + nowUs), []);
        if (remb) o += RtcpRemb.Write(buffer[o..], fb, (ulong)Options.RembBitrate, ssrcs[..count]);
        p.Sink.Commit(PacketKind.Rtcp, o);
    }

    // RFC 3550 §6.4.1: one SR per down-track that has sent media, as one compound per subscriber transport.
    private void SendSenderReports(Participant p, long nowUs)
    {
        var list = p.DownTrackList;
        var i = 0;
        while (i < list.Count)
        {
            var buffer = p.Sink.GetBuffer(1200);
            var o = 0;
            for (; i < list.Count && o + 28 <= 1200; i++)
            {
                if (list[i].HasSent) o += list[i].WriteSenderReport(buffer[o..], nowUs, Options.NtpOriginUs);
            }
            if (o > 0) p.Sink.Commit(PacketKind.Rtcp, o);
        }
    }

    private void UpdateSpeakers(long nowUs)
    {
        _speakerScratch.Clear();
        foreach (var p in _participants)
        {
            var best = 0.0;
            foreach (var t in p.PublishedList)
                if (t.AudioLevel is { } meter && !t.Muted) best = Math.Max(best, meter.Sample(nowUs));
            if (best >= Options.SpeakerThreshold) _speakerScratch.Add((p, best));
        }
        _speakerScratch.Sort(LoudestFirst.Instance);
        var changed = _speakerScratch.Count != _speakers.Count;
        for (var i = 0; !changed && i < _speakers.Count; i++) changed = _speakers[i] != _speakerScratch[i].Participant;
        if (!changed) return;
        _speakers.Clear();
        foreach (var s in _speakerScratch) _speakers.Add(s.Participant);
        Listener?.OnActiveSpeakersChanged(_speakers.ToArray());
    }

    private sealed class LoudestFirst : IComparer<(Participant Participant, double Score)>
    {
        public static readonly LoudestFirst Instance = new();

        public int Compare((Participant Participant, double Score) x, (Participant Participant, double Score) y) => y.Score.CompareTo(x.Score);
    }
}
