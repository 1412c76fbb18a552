using System.Buffers.Binary;
using Sfu.Core.Feedback;
using Sfu.Core.Primitives;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;

namespace Sfu.Transport.Peer.Echo;

/// <summary>
/// The echo endpoint as a receiver: the feedback a real receiver gives the peer's sender about what the server
/// itself received: transport-cc feedback (when negotiated) and RFC 3550 receiver reports with LSR/DLSR.
/// </summary>
/// <remarks>
/// Without it the browser's send-side bandwidth estimator hears nothing: libwebrtc's
/// SendSideBandwidthEstimation treats a missing RTCP report stream as a timeout and cuts its estimate by 20%
/// per second down to its floor, so the encoder's target falls to 30 kbps, its frame rate to about 5 fps, and
/// the echoed video freezes (the diagnosis is in docs/dtls.md, "Echo endpoint"). The browser's own receiver
/// feedback about the echoed packets is not reflected instead: it describes a different leg (server to
/// browser) and would double-count the path.
/// All calls come on the owning shard's thread.
/// </remarks>
public sealed class EchoReceiverFeedback
{
    /// <summary>Interval between transport-cc feedback packets (libwebrtc's receiver sends one per 50-250 ms).</summary>
    public const long TransportCcIntervalUs = 50_000;
    /// <summary>Interval between receiver reports (RFC 3550 §6.2 allows much more at these rates; 1 s as libwebrtc's video).</summary>
    public const long ReportIntervalUs = 1_000_000;
    private const int MaxReportBlocks = 31; // RFC 3550 §6.4.2: 5-bit report count
    private const int RtxOsnLength = 2; // RFC 4588 §4: original sequence number ahead of the payload

    private readonly EchoStreamMap _map;
    private readonly int _transportCcId;
    private readonly uint _reporterSsrc;
    private readonly TransportCcRecorder _transportCc = new();
    private readonly Dictionary<uint, Stream> _streams = [];
    private readonly byte[] _out = new byte[1200];
    private long _lastTransportCcUs = long.MinValue / 4;
    private long _lastReportUs = long.MinValue / 4;

    private sealed class Stream
    {
        private const int SeenSize = 1024;
        private readonly long[] _seen = new long[SeenSize];
        public readonly ReceiveStatistics Statistics;
        public SequenceUnwrapper Sequence;

        public Stream(int clockRate)
        {
            Statistics = new ReceiveStatistics(clockRate);
            Array.Fill(_seen, -1);
        }

        /// <summary>
        /// Counts a packet once: duplicates, and RTX resending what already arrived (Chromium probes by resending
        /// media it sent), would make the cumulative loss negative (RFC 3550 §6.4.1 allows it, but it says nothing).
        /// </summary>
        public void Count(long extendedSeq, uint timestamp, long nowUs, bool retransmitted)
        {
            ref var slot = ref _seen[(int)(extendedSeq & (SeenSize - 1))];
            if (slot == extendedSeq) return;
            slot = extendedSeq;
            Statistics.OnPacket(extendedSeq, timestamp, nowUs, retransmitted);
        }
    }

    /// <param name="map">The echo's SSRC plan (peer SSRCs to sections).</param>
    /// <param name="transportCcId">The negotiated transport-wide-cc extension id, or 0 when the peer did not negotiate transport-cc.</param>
    /// <param name="reporterSsrc">The SSRC the server's feedback is sent from (one of its own media SSRCs).</param>
    public EchoReceiverFeedback(EchoStreamMap map, int transportCcId, uint reporterSsrc)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
        _transportCcId = transportCcId;
        _reporterSsrc = reporterSsrc;
    }

    /// <summary>True when transport-cc feedback is sent.</summary>
    public bool TransportCc => _transportCcId != 0;

    /// <summary>Transport-cc feedback packets written.</summary>
    public long TransportCcSent => _transportCc.FeedbackSent;

    /// <summary>Receiver reports written.</summary>
    public long ReportsSent { get; private set; }

    /// <summary>
    /// Records one received packet, before any echo decision: draft-holmer-rmcat-transport-wide-cc-extensions-01
    /// §1 feedback covers every packet with the extension, padding-only RTX probes included.
    /// </summary>
    public void OnRtp(ref RtpPacketView view, long nowUs)
    {
        if (_transportCcId != 0 && view.TryGetExtension(_transportCcId, out var tcc) && TransportCcExtension.TryRead(tcc, out var tseq))
            _transportCc.OnPacket(tseq, nowUs);
        if (!_map.TryGetRemote(view.Ssrc, out var section, out var rtx) || section.RemoteSsrc is not { } mediaSsrc) return;
        var stream = GetStream(mediaSsrc, section.ClockRate);
        if (!rtx)
        {
            stream.Count(stream.Sequence.Unwrap(view.SequenceNumber), view.Timestamp, nowUs, retransmitted: false);
            return;
        }
        // RTX (RFC 4588 §4) repairs the media stream: count the original sequence number, not the RTX one, so
        // the report's loss is what is still missing after retransmission. Padding-only probes repair nothing.
        if (view.PayloadLength < RtxOsnLength || !stream.Sequence.HasStarted) return;
        var osn = BinaryPrimitives.ReadUInt16BigEndian(view.Payload);
        stream.Count(stream.Sequence.Peek(osn), view.Timestamp, nowUs, retransmitted: true);
    }

    /// <summary>The peer's sender report for its SSRC: remembered for LSR/DLSR, so the peer can measure RTT (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(uint ssrc, ulong ntp, long nowUs)
    {
        if (_map.TryGetRemote(ssrc, out var section, out var rtx) && !rtx) GetStream(ssrc, section.ClockRate).Statistics.OnSenderReport(ntp, nowUs);
    }

    /// <summary>Sends what is due at <paramref name="nowUs"/> to the peer (each feedback packet its own compound).</summary>
    public void OnTick(WebRtcTransport transport, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (_transportCc.HasPending && nowUs - _lastTransportCcUs >= TransportCcIntervalUs)
        {
            _lastTransportCcUs = nowUs;
            int n;
            while ((n = WriteTransportCc(_out)) > 0) transport.SendRtcp(_out.AsSpan(0, n));
        }
        if (_streams.Count > 0 && nowUs - _lastReportUs >= ReportIntervalUs)
        {
            _lastReportUs = nowUs;
            var n = WriteReceiverReport(_out, nowUs);
            if (n > 0) transport.SendRtcp(_out.AsSpan(0, n));
        }
    }

    /// <summary>Writes one transport-cc feedback packet for the oldest unreported arrivals; 0 when none is pending.</summary>
    public int WriteTransportCc(Span<byte> destination) =>
        _transportCc.HasPending ? _transportCc.WriteFeedback(destination, _reporterSsrc, FirstRemoteSsrc(), Math.Min(destination.Length, 1200)) : 0;

    private uint FirstRemoteSsrc()
    {
        foreach (var s in _map.Sections)
            if (s.RemoteSsrc is { } r) return r;
        return 0;
    }

    /// <summary>
    /// RFC 3550 §6.4.2: a receiver report with one block per peer media SSRC received, each starting a new
    /// loss interval; 0 when nothing was received. Needs 8 + 24 bytes per block.
    /// </summary>
    public int WriteReceiverReport(Span<byte> destination, long nowUs)
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[MaxReportBlocks];
        var count = 0;
        foreach (var (ssrc, stream) in _streams)
        {
            if (count == MaxReportBlocks) break;
            if (stream.Statistics.Received > 0) blocks[count++] = stream.Statistics.BuildReport(ssrc, nowUs);
        }
        if (count == 0) return 0;
        ReportsSent++;
        return RtcpReceiverReport.Write(destination, _reporterSsrc, blocks[..count]);
    }

    private Stream GetStream(uint ssrc, int clockRate)
    {
        if (!_streams.TryGetValue(ssrc, out var s)) _streams[ssrc] = s = new Stream(clockRate);
        return s;
    }
}
