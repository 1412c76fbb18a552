using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Buffers;
using Sfu.Core.Codecs;
using Sfu.Core.Feedback;
using Sfu.Core.Media;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;

namespace Sfu.Core.Routing;

/// <summary>
/// One published track as one subscriber receives it: a fixed SSRC (and RTX SSRC), the subscriber's payload
/// types, extension ids and mid, its own contiguous sequence and timestamp space, VP8 picture id continuity,
/// and the NACK answering that goes with it. States: <see cref="DownTrackState"/>.
/// </summary>
/// <remarks>
/// Rewriting (docs/rtp-rewriting.md): every forwarded packet is copied once, straight into the subscriber
/// transport's send buffer, with a new header, a rebuilt extension block (publisher ids mapped to the
/// subscriber's; mid rewritten; rid, repaired-rid, video-layers-allocation stripped; transport-wide-cc and
/// abs-send-time stamped from the subscriber transport or left out) and the payload; publisher padding is
/// never copied. Retransmissions (RFC 4585 §6.2.1 NACK): at most <see cref="MaxRetransmissions"/> per packet,
/// a repeat NACK within min(100 ms, 2·RTT) of the last send is ignored. With RTX (RFC 4588) the copy goes on
/// the RTX SSRC with its own sequence numbers and a fresh transport-wide number. Without RTX it goes on the
/// media SSRC and must be byte-identical to the first transmission: under AES-GCM a different plaintext with
/// the same SSRC and index would reuse the nonce (RFC 7714 §8.1). The history therefore stores every value
/// that went into the first copy (offsets, transport-wide number, abs-send-time) and rebuilds it exactly.
/// Owned by the subscriber <see cref="Participant"/> and referenced by its <see cref="PublishedTrack"/>.
/// </remarks>
public sealed class DownTrack
{
    /// <summary>Retransmissions allowed per packet.</summary>
    public const int MaxRetransmissions = 3;
    /// <summary>Upper bound of the repeat-NACK guard interval.</summary>
    public const int RepeatNackGuardMs = 100;
    /// <summary>Packets remembered for NACK answers.</summary>
    public const int HistorySize = 1024;
    /// <summary>Bytes a rewritten packet may grow by (mid, transport-cc, abs-send-time, block header, two-byte form).</summary>
    public const int MaxGrowth = 64;

    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const int FixedHeaderLength = 12;

    private readonly SeqRewriter _seq;
    private readonly IMediaTransportSink _sink; // Subscriber.Sink, held here to save a dependent load per packet
    private readonly byte[] _extIdMap = new byte[256];
    private readonly byte[] _ptMap = new byte[128];
    private readonly byte[] _rtxPtMap = new byte[128];
    private readonly byte[] _midBytes;
    private readonly int _subMidId;
    private readonly int _subTwccId;
    private readonly int _subAbsId;
    private readonly bool _forceTwoByte;
    private readonly byte _fillerPt;
    // RFC 2198: the publisher's RED payload type (0 when none), and whether this subscriber gets only its primary block.
    private readonly byte _redPt;
    private readonly bool _unwrapRed;
    private readonly int _clockRate;

    // History of sent packets by output sequence number (for NACK answers), one struct per entry so that
    // recording a send touches one cache line per down-track.
    private readonly SentPacket[] _history = new SentPacket[HistorySize];

    private int _layer = -1;
    private int _epoch = -1;
    private bool _needSync = true;
    private bool _tsStarted;
    private uint _tsOffset;
    private uint _lastOutTs;
    private long _lastForwardUs = -1;
    private int _picOffset;
    private int _tl0Offset;
    private int _lastOutPic = -1;
    private int _lastOutTl0 = -1;
    private int _maxTid = int.MaxValue;
    private int _currentTid = int.MaxValue;
    private double _maxFps;
    private ushort _rtxSeq;
    private bool _paused;

    internal DownTrack(Participant subscriber, PublishedTrack track, DownTrackInfo info)
    {
        Subscriber = subscriber;
        _sink = subscriber.Sink;
        Track = track;
        Info = info;
        _clockRate = track.Layers[0].ClockRate;
        _midBytes = Encoding.ASCII.GetBytes(info.Mid);
        var sub = info.Extensions;
        _subMidId = _midBytes.Length > 0 ? sub.GetId(RtpExtensionKind.Mid) : 0;
        _subTwccId = sub.GetId(RtpExtensionKind.TransportWideCc);
        _subAbsId = sub.GetId(RtpExtensionKind.AbsSendTime);
        var pub = track.Info.Extensions;
        for (var id = 1; id <= RtpHeaderExtensionMap.MaxId; id++)
        {
            var kind = pub.GetKind(id);
            var mapped = kind switch
            {
                RtpExtensionKind.Mid or RtpExtensionKind.Rid or RtpExtensionKind.RepairedRid or RtpExtensionKind.VideoLayersAllocation
                    or RtpExtensionKind.TransportWideCc or RtpExtensionKind.AbsSendTime => 0,
                RtpExtensionKind.None => pub.GetUri(id) is { } uri ? sub.GetId(uri) : 0,
                _ => sub.GetId(kind),
            };
            _extIdMap[id] = (byte)mapped;
            if (mapped > RtpPacketView.MaxOneByteId) _forceTwoByte = true;
        }
        if (_subMidId > RtpPacketView.MaxOneByteId || _subTwccId > RtpPacketView.MaxOneByteId || _subAbsId > RtpPacketView.MaxOneByteId
            || _midBytes.Length > RtpPacketView.MaxOneByteValueLength) _forceTwoByte = true;
        foreach (var c in track.Info.Codecs)
        {
            var s = info.Match(c);
            if (c.IsRed) _redPt = c.PayloadType;
            if (s is null) continue;
            _ptMap[c.PayloadType & 0x7F] = s.PayloadType;
            _rtxPtMap[c.PayloadType & 0x7F] = s.RtxPayloadType;
            if (_fillerPt == 0 && !c.IsRed) _fillerPt = s.PayloadType;
        }
        if (_fillerPt == 0 && _redPt != 0) _fillerPt = _ptMap[_redPt & 0x7F];
        // A subscriber that did not negotiate red gets the primary block alone, under the payload type its own
        // codec has (the primary block's payload type, mapped per packet).
        _unwrapRed = _redPt != 0 && _ptMap[_redPt & 0x7F] == 0;
        for (var i = 0; i < HistorySize; i++) _history[i].Seq = -1;
        // RFC 3550 §5.1: initial sequence number and timestamp should be random; derived from the SSRC
        // (itself random) so that the engine stays deterministic for a given input.
        var h = info.Ssrc * 2654435761u;
        _seq = new SeqRewriter((ushort)(h >> 16));
        _tsOffset = h ^ 0x5bd1e995;
        State = track.Kind == MediaKind.Video ? DownTrackState.WaitingForKeyframe : DownTrackState.Forwarding;
    }

    /// <summary>The subscribing participant.</summary>
    public Participant Subscriber { get; }

    /// <summary>The track forwarded.</summary>
    public PublishedTrack Track { get; }

    /// <summary>What the subscriber negotiated.</summary>
    public DownTrackInfo Info { get; }

    /// <summary>The down-track's SSRC.</summary>
    public uint Ssrc => Info.Ssrc;

    /// <summary>Current state.</summary>
    public DownTrackState State { get; private set; }

    /// <summary>Layer currently forwarded (-1 before the first packet).</summary>
    public int CurrentLayer => _layer;

    /// <summary>RTP packets sent on the media SSRC (first transmissions, fillers and RTX-less retransmissions).</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Payload octets sent on the media SSRC (for the SR).</summary>
    public long OctetsSent { get; private set; }

    /// <summary>Packets forwarded from the publisher (first transmissions).</summary>
    public long Forwarded { get; private set; }

    /// <summary>Retransmissions sent (RTX or identical copies).</summary>
    public long Retransmitted { get; private set; }

    /// <summary>NACKed packets not answered (limit reached, repeat within the guard, or no longer cached).</summary>
    public long NacksIgnored { get; private set; }

    /// <summary>Padding packets sent to fill an output number reserved for a packet that never came.</summary>
    public long FillersSent { get; private set; }

    /// <summary>Highest VP8 temporal layer (TID) the subscriber gets (<see cref="int.MaxValue"/>: all).</summary>
    public int MaxTemporalLayer => _maxTid;

    /// <summary>VP8 frames dropped because their temporal layer is above <see cref="MaxTemporalLayer"/>.</summary>
    public long TemporalFramesDropped { get; private set; }

    /// <summary>
    /// Caps the VP8 temporal layer forwarded (a lower frame rate: with three temporal layers TID 0 is a quarter
    /// of the frames, TID 1 half). Applied at the next frame start going down, at the next layer-sync frame going up.
    /// </summary>
    public void SetMaxTemporalLayer(int temporalId) => _maxTid = temporalId < 0 ? int.MaxValue : temporalId;

    /// <summary>Highest frame rate the subscriber asked for (0: any).</summary>
    public double MaxFrameRate => _maxFps;

    /// <summary>
    /// Caps the frame rate forwarded (LiveKit UpdateTrackSettings.fps; 0 lifts the cap): at each frame start the
    /// temporal-layer cap becomes the lowest temporal layer of the forwarded layer whose measured frame rate
    /// reaches the request (<see cref="LayerTargets.TemporalCapFor"/>), within <see cref="SetMaxTemporalLayer"/>.
    /// </summary>
    public void SetMaxFrameRate(double fps) => _maxFps = fps > 0 ? fps : 0;

    // The temporal-layer cap in force for a frame of layer: the explicit cap, lowered by the frame-rate request.
    private int TemporalCap(PublishedLayer layer) => _maxFps > 0 ? Math.Min(_maxTid, LayerTargets.TemporalCapFor(layer, _maxFps)) : _maxTid;

    /// <summary>Times this down-track started forwarding a layer (the first one included), each at a key frame.</summary>
    public long LayerSwitches { get; private set; }

    /// <summary>Key-frame requests this down-track made (towards the throttle).</summary>
    public long KeyframeRequests { get; private set; }

    /// <summary>Round-trip time from the subscriber's receiver reports (ms), or -1.</summary>
    public double RttMs { get; private set; } = -1;

    /// <summary>Fraction lost (0..1) from the subscriber's last receiver report.</summary>
    public double FractionLost { get; private set; }

    /// <summary>Jitter (ms) from the subscriber's last receiver report.</summary>
    public double JitterMs { get; private set; }

    /// <summary>Time of the last SR sent, or -1.</summary>
    internal long LastSenderReportUs { get; set; } = -1;

    /// <summary>Pauses or resumes forwarding (subscriber side) without disturbing anyone else.</summary>
    public void SetPaused(bool paused, long nowUs)
    {
        if (State == DownTrackState.Closed || _paused == paused) return;
        _paused = paused;
        if (paused)
        {
            State = DownTrackState.Paused;
            return;
        }
        if (Track.Kind == MediaKind.Video)
        {
            State = DownTrackState.WaitingForKeyframe;
            RequestKeyframe(nowUs);
        }
        else State = DownTrackState.Forwarding;
    }

    internal void OnPublisherUnmuted(long nowUs)
    {
        if (State == DownTrackState.Forwarding)
        {
            State = DownTrackState.WaitingForKeyframe;
            RequestKeyframe(nowUs);
        }
    }

    /// <summary>Asks the publisher for a key frame of the layer this down-track is heading for: its target when
    /// one is live, else the layer it forwards, else every layer already sending (nothing live yet).</summary>
    internal void RequestKeyframe(long nowUs)
    {
        if (Track.Kind != MediaKind.Video || State == DownTrackState.Closed) return;
        KeyframeRequests++;
        var room = Subscriber.Room;
        var layer = room.LayerSelector.SelectLayer(this, Track, nowUs);
        if (layer < 0) layer = _layer;
        if (layer >= 0)
        {
            room.RequestKeyframe(Track, layer, nowUs);
            return;
        }
        for (var i = 0; i < Track.LayerArray.Length; i++) room.RequestKeyframe(Track, i, nowUs);
    }

    internal void Close() => State = DownTrackState.Closed;

    /// <summary>Bytes of this object <see cref="Forward"/> reads (its fields; for the fan-out prefetch).</summary>
    internal const int ObjectBytes = 320;

    /// <summary>
    /// Fan-out prefetch, second step (this object was prefetched one step earlier, so reading its fields is
    /// cheap): the objects <see cref="Forward"/> will reach through them. See <see cref="Room"/>'s fan-out loop.
    /// </summary>
    internal void PrefetchReferences()
    {
        CachePrefetch.Object(_seq, 128);
        CachePrefetch.Object(_history, 64);                       // the array header (bounds check)
        CachePrefetch.Object(_ptMap, 16 + 128);
        CachePrefetch.Object(_extIdMap, 64);                      // one-byte ids live in the first line
        CachePrefetch.Object(_midBytes, 64);
        CachePrefetch.Object(_sink, 64);
    }

    /// <summary>Fan-out prefetch, last step: the lines this packet's <see cref="Forward"/> indexes into.</summary>
    internal void PrefetchForPacket(long input)
    {
        _seq.PrefetchSlot(input);
        CachePrefetch.Element(_history, (int)((_seq.LastOutput + 1) & (HistorySize - 1)));
        _sink.PrefetchForSend();
    }

    /// <summary>Forwards one accepted publisher packet (or drops it from this down-track's sequence space).</summary>
    /// <remarks>
    /// Layer switching (simulcast): packets of the layer being forwarded keep flowing while the selector's
    /// target is another layer; the switch happens at the first packet of a key frame of the target (the
    /// only point where a decoder can join that stream), and until then every non-key packet of the target
    /// asks the publisher for a key frame (PLI/FIR, throttled per layer). Sequence numbers, timestamps,
    /// VP8 picture ids and TL0PICIDX continue from the last output across the switch (<see cref="Synchronize"/>).
    /// </remarks>
    internal void Forward(ref IngressPacket p, long nowUs)
    {
        if (State == DownTrackState.Closed) return;
        if (p.Layer.Index != _layer || p.Layer.Epoch != _epoch)
        {
            var target = Subscriber.Room.LayerSelector.SelectLayer(this, Track, nowUs);
            if (p.Layer.Index != target) return; // another layer's sequence space: not ours
            if (_paused || Track.Muted) return; // switch when resumed
            if (Track.Kind == MediaKind.Video && p.KnowsKeyFrames && !p.KeyFrame)
            {
                KeyframeRequests++;
                Subscriber.Room.RequestKeyframe(Track, target, nowUs);
                return;
            }
            _layer = target;
            _epoch = p.Layer.Epoch;
            _needSync = true;
            State = DownTrackState.Forwarding;
            LayerSwitches++;
        }
        if (_paused || Track.Muted)
        {
            DropInput(p.ExtendedSequence, nowUs);
            return;
        }
        if (State == DownTrackState.WaitingForKeyframe)
        {
            if (!p.KeyFrame && p.KnowsKeyFrames)
            {
                DropInput(p.ExtendedSequence, nowUs);
                return;
            }
            State = DownTrackState.Forwarding;
        }
        if (p.TemporalId >= 0 && !_needSync && DropForTemporalLayer(ref p))
        {
            DropInput(p.ExtendedSequence, nowUs);
            return;
        }
        var outPt = OutputPayloadType(p.View);
        if (outPt == 0)
        {
            DropInput(p.ExtendedSequence, nowUs);
            return;
        }
        var synced = _needSync;
        if (synced) Synchronize(ref p, nowUs);
        if (_seq.Forward(p.ExtendedSequence, out var outSeq) != SeqResult.Mapped) return;
        Send(ref p, outSeq, outPt, nowUs);
        if (!synced) return;
        // Packets of this layer that arrived before the sync point (a key frame's later packets overtaking its
        // first one) were dropped here and will not arrive again: forward them from the cache now (padding,
        // which is not cached, is dropped), so the output keeps no hole for them.
        var highest = p.Layer.Nack.Highest;
        for (var s = p.ExtendedSequence + 1; s <= highest && s <= p.ExtendedSequence + 64; s++)
        {
            if (p.Layer.Nack.WasReceived(s)) ForwardFromCache(p.Layer, s, nowUs);
        }
    }

    /// <summary>
    /// The subscriber's payload type for <paramref name="view"/>, or 0 when it cannot take it. A RED packet for
    /// a subscriber without red takes the payload type of its primary block's codec (0 when the RED header does
    /// not parse or that codec was not negotiated: the packet is dropped from this down-track).
    /// </summary>
    private byte OutputPayloadType(RtpPacketView view)
    {
        if (!_unwrapRed || view.PayloadType != _redPt) return _ptMap[view.PayloadType & 0x7F];
        if (!RedPayload.TryParse(view.Payload, out var red, out _)) return 0;
        return _ptMap[red.Primary.PayloadType & 0x7F];
    }

    /// <summary>
    /// VP8 temporal scalability (RFC 7741 §4.2, TID and Y): whether this packet is above the temporal layer the
    /// subscriber gets. The forwarded layer moves down to the requested maximum at any frame start (nothing
    /// depends on a higher layer) and up one layer at a time, only at a frame with the layer-sync bit (it
    /// references TL0 frames only, all of which were forwarded). Each dropped frame lowers the picture-id
    /// offset by one so the subscriber sees consecutive picture ids; TL0PICIDX is untouched (TL0 is never dropped).
    /// </summary>
    private bool DropForTemporalLayer(ref IngressPacket p)
    {
        if (p.FrameStart)
        {
            var cap = TemporalCap(p.Layer);
            if (cap < _currentTid) _currentTid = cap;
            else if (p.LayerSync && p.TemporalId == _currentTid + 1 && p.TemporalId <= cap) _currentTid = p.TemporalId;
        }
        if (p.TemporalId <= _currentTid) return false;
        if (p.FrameStart)
        {
            _picOffset--;
            TemporalFramesDropped++;
        }
        return true;
    }

    private void ForwardFromCache(PublishedLayer layer, long input, long nowUs)
    {
        var buffer = layer.Cache.Get(input, nowUs);
        if (buffer is null || !RtpPacketView.TryParse(buffer.Span, out var view, out _))
        {
            DropInput(input, nowUs);
            return;
        }
        var outPt = OutputPayloadType(view);
        if (outPt == 0)
        {
            DropInput(input, nowUs);
            return;
        }
        if (_seq.Forward(input, out var outSeq) != SeqResult.Mapped) return;
        var q = new IngressPacket { View = view, Layer = layer, ExtendedSequence = input, PictureId = -1, Tl0PicIdx = -1, TemporalId = -1 };
        if (Track.Info.FindCodec(view.PayloadType)?.IsVp8 == true && Vp8PayloadDescriptor.TryParse(view.Payload, out var vp8, out _))
        {
            q.IsVp8 = true;
            q.PictureId = vp8.PictureId;
            q.Tl0PicIdx = vp8.Tl0PicIdx;
            q.TemporalId = vp8.TemporalId;
            q.LayerSync = vp8.IsLayerSync;
            q.FrameStart = vp8.IsStartOfFrame;
        }
        if (q.TemporalId >= 0 && DropForTemporalLayer(ref q))
        {
            DropInput(input, nowUs);
            return;
        }
        Send(ref q, outSeq, outPt, nowUs);
    }

    private void Send(ref IngressPacket p, ushort outSeq, byte outPt, long nowUs)
    {

        var sink = _sink;
        var twcc = _subTwccId > 0 ? sink.NextTransportSequenceNumber() : -1;
        var abs = _subAbsId > 0 ? sink.GetAbsSendTime(nowUs) : 0;
        var buffer = sink.GetBuffer(p.View.Length + MaxGrowth);
        var length = WriteRewritten(ref p.View, buffer, outSeq, _tsOffset, outPt, p.IsVp8 ? _picOffset : 0, p.IsVp8 ? _tl0Offset : 0, twcc, abs, out var payloadLength);
        sink.Commit(PacketKind.Rtp, length);

        ref var h = ref _history[outSeq & (HistorySize - 1)];
        h.Seq = outSeq;
        h.Input = p.ExtendedSequence;
        h.Layer = p.Layer.Index;
        h.Epoch = p.Layer.Epoch;
        h.TsOffset = _tsOffset;
        h.PicOffset = _picOffset;
        h.Tl0Offset = _tl0Offset;
        h.Twcc = twcc;
        h.Abs = abs;
        h.Count = 0;
        h.LastUs = nowUs;
        h.Filler = false;

        if (outSeq == (ushort)_seq.LastOutput)
        {
            _lastOutTs = p.View.Timestamp + _tsOffset;
            _lastForwardUs = nowUs;
            if (p.IsVp8)
            {
                if (p.PictureId >= 0) _lastOutPic = (p.PictureId + _picOffset) & 0x7FFF;
                if (p.Tl0PicIdx >= 0) _lastOutTl0 = (p.Tl0PicIdx + _tl0Offset) & 0xFF;
            }
        }
        PacketsSent++;
        Forwarded++;
        OctetsSent += payloadLength;
    }

    /// <summary>The publisher's packet <paramref name="extendedSeq"/> will not be forwarded (filtered or abandoned).</summary>
    internal void DropInput(long extendedSeq, long nowUs)
    {
        if (_needSync) return;
        if (_seq.Drop(extendedSeq, out var hole) == SeqResult.FillHole) SendFiller(hole, nowUs);
    }

    /// <summary>Upstream gave up on <paramref name="extendedSeq"/> of <paramref name="layer"/>.</summary>
    internal void OnAbandoned(PublishedLayer layer, long extendedSeq, long nowUs)
    {
        if (State == DownTrackState.Closed || layer.Index != _layer || layer.Epoch != _epoch) return;
        DropInput(extendedSeq, nowUs);
    }

    private void Synchronize(ref IngressPacket p, long nowUs)
    {
        _needSync = false;
        _seq.Sync();
        var ts = p.View.Timestamp;
        if (_tsStarted)
        {
            // Continue from the last output as if the new stream started when its first packet arrived.
            var elapsed = _lastForwardUs < 0 ? 0 : (nowUs - _lastForwardUs) * _clockRate / 1_000_000;
            _tsOffset = _lastOutTs + (uint)Math.Max(1, elapsed) - ts;
        }
        else _tsStarted = true; // keep the SSRC-derived initial offset set in the constructor
        _currentTid = TemporalCap(p.Layer); // after a key frame every temporal layer starts clean
        if (p.IsVp8)
        {
            _picOffset = p.PictureId >= 0 && _lastOutPic >= 0 ? _lastOutPic + 1 - p.PictureId : 0;
            _tl0Offset = p.Tl0PicIdx >= 0 && _lastOutTl0 >= 0 ? _lastOutTl0 + 1 - p.Tl0PicIdx : 0;
        }
    }

    /// <summary>Answers the subscriber's NACK for <paramref name="seqs"/> (output sequence numbers).</summary>
    internal void OnNack(ReadOnlySpan<ushort> seqs, long nowUs)
    {
        if (State == DownTrackState.Closed) return;
        var rttUs = RttMs >= 0 ? (long)(RttMs * 1000) : RepeatNackGuardMs * 1000L;
        var guardUs = Math.Min(RepeatNackGuardMs * 1000L, 2 * rttUs);
        foreach (var seq in seqs)
        {
            ref var h = ref _history[seq & (HistorySize - 1)];
            if (h.Seq != seq || h.Count >= MaxRetransmissions || nowUs - h.LastUs < guardUs)
            {
                NacksIgnored++;
                continue;
            }
            if (h.Filler)
            {
                WriteFiller(seq, h.FillerTs, h.Twcc, h.Abs);
            }
            else if (!Retransmit(ref h, nowUs))
            {
                NacksIgnored++;
                continue;
            }
            h.Count++;
            h.LastUs = nowUs;
            Retransmitted++;
        }
    }

    private bool Retransmit(ref SentPacket h, long nowUs)
    {
        var layer = Track.LayerArray[h.Layer];
        if (layer.Epoch != h.Epoch) return false;
        var buffer = layer.Cache.Get(h.Input, nowUs);
        if (buffer is null || !RtpPacketView.TryParse(buffer.Span, out var view, out _)) return false;
        var outPt = OutputPayloadType(view);
        if (outPt == 0) return false;
        var isVp8 = Track.Info.FindCodec(view.PayloadType)?.IsVp8 == true;
        var seq = (ushort)h.Seq;
        var sink = _sink;
        var rtxPt = _rtxPtMap[view.PayloadType & 0x7F];
        if (Info.RtxSsrc != 0 && rtxPt != 0)
        {
            // RTX: a new packet on its own SSRC and sequence space, with a fresh transport-wide number.
            var scratch = Subscriber.Room.Scratch;
            var twcc = _subTwccId > 0 ? sink.NextTransportSequenceNumber() : -1;
            var abs = _subAbsId > 0 ? sink.GetAbsSendTime(nowUs) : 0;
            var length = WriteRewritten(ref view, scratch, seq, h.TsOffset, outPt, isVp8 ? h.PicOffset : 0,
                isVp8 ? h.Tl0Offset : 0, twcc, abs, out _);
            if (!RtpPacketView.TryParse(scratch.AsSpan(0, length), out var rewritten, out _)) return false;
            var dest = sink.GetBuffer(length + Rtx.OsnLength);
            if (!Rtx.TryEncapsulate(rewritten, rtxPt, Info.RtxSsrc, _rtxSeq++, dest, out var written)) return false;
            sink.Commit(PacketKind.Rtp, written);
            return true;
        }
        // No RTX: rebuild the first transmission byte for byte (same offsets, transport-wide number, send time).
        var buf = sink.GetBuffer(view.Length + MaxGrowth);
        var len = WriteRewritten(ref view, buf, seq, h.TsOffset, outPt, isVp8 ? h.PicOffset : 0,
            isVp8 ? h.Tl0Offset : 0, h.Twcc, h.Abs, out var payloadLength);
        sink.Commit(PacketKind.Rtp, len);
        PacketsSent++;
        OctetsSent += payloadLength;
        return true;
    }

    private void SendFiller(ushort outSeq, long nowUs)
    {
        var sink = _sink;
        var twcc = _subTwccId > 0 ? sink.NextTransportSequenceNumber() : -1;
        var abs = _subAbsId > 0 ? sink.GetAbsSendTime(nowUs) : 0;
        WriteFiller(outSeq, _lastOutTs, twcc, abs);
        ref var h = ref _history[outSeq & (HistorySize - 1)];
        h.Seq = outSeq;
        h.Filler = true;
        h.FillerTs = _lastOutTs;
        h.Twcc = twcc;
        h.Abs = abs;
        h.Count = 0;
        h.LastUs = nowUs;
        FillersSent++;
    }

    private void WriteFiller(ushort outSeq, uint timestamp, int twcc, uint abs)
    {
        // A padding-only packet (RFC 3550 §5.1, P bit, one padding byte): receivers count it as received,
        // which closes the hole, and decode nothing from it.
        var sink = _sink;
        var d = sink.GetBuffer(FixedHeaderLength + MaxGrowth);
        d[0] = 0x80 | PaddingBit;
        d[1] = _fillerPt;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], outSeq);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], Info.Ssrc);
        var empty = default(RtpPacketView);
        var o = WriteExtensions(ref empty, false, d, FixedHeaderLength, twcc, abs);
        d[o++] = 1;
        sink.Commit(PacketKind.Rtp, o);
        PacketsSent++;
    }

    /// <summary>Writes the rewritten form of <paramref name="src"/> into <paramref name="d"/>; returns its length.</summary>
    private int WriteRewritten(ref RtpPacketView src, Span<byte> d, ushort seq, uint tsOffset, byte pt, int picOffset, int tl0Offset, int twcc, uint abs, out int payloadLength)
    {
        var packet = src.Packet;
        var fixedLength = FixedHeaderLength + 4 * src.CsrcCount;
        packet[..fixedLength].CopyTo(d);
        d[0] = (byte)(0x80 | src.CsrcCount);
        d[1] = (byte)((src.Marker ? 0x80 : 0) | pt);
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], src.Timestamp + tsOffset);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], Info.Ssrc);
        var o = WriteExtensions(ref src, true, d, fixedLength, twcc, abs);
        ReadOnlySpan<byte> payload = src.Payload;
        var redPayload = default(RedPayload);
        var red = _redPt != 0 && src.PayloadType == _redPt && RedPayload.TryParse(payload, out redPayload, out _);
        if (red && _unwrapRed) payload = redPayload.Primary.Data; // RFC 2198 §3: the primary block is the current frame
        payload.CopyTo(d[o..]);
        payloadLength = payload.Length;
        if (red && !_unwrapRed) RewriteRedBlockTypes(d.Slice(o, payload.Length));
        if (picOffset != 0 || tl0Offset != 0)
        {
            var outPayload = d.Slice(o, payload.Length);
            if (Vp8PayloadDescriptor.TryParse(outPayload, out var vp8, out _))
            {
                // The setters keep the field's own width (7 or 15 bits, 8 for TL0PICIDX), wrapping.
                if (vp8.HasPictureId) vp8.PictureId = (vp8.PictureId + picOffset) & 0x7FFF;
                if (vp8.HasTl0PicIdx) vp8.Tl0PicIdx = (vp8.Tl0PicIdx + tl0Offset) & 0xFF;
            }
        }
        return o + payload.Length;
    }

    /// <summary>RFC 2198 §3: each block header names its block's payload type, the publisher's; the subscriber
    /// gets its own (unmapped types are left as they are).</summary>
    private void RewriteRedBlockTypes(Span<byte> payload)
    {
        const byte FollowBit = 0x80;
        const int RedundantHeaderLength = 4;
        for (var o = 0; o < payload.Length; o += RedundantHeaderLength)
        {
            var follow = payload[o] & FollowBit;
            var mapped = _ptMap[payload[o] & 0x7F];
            if (mapped != 0) payload[o] = (byte)(follow | mapped);
            if (follow == 0) return;
        }
    }

    private int WriteExtensions(ref RtpPacketView src, bool hasSource, Span<byte> d, int o, int twcc, uint abs)
    {
        var twoByte = _forceTwoByte;
        if (hasSource && !twoByte)
        {
            foreach (var e in src.GetExtensions())
            {
                if (_extIdMap[e.Id] != 0 && (e.Value.Length == 0 || e.Value.Length > RtpPacketView.MaxOneByteValueLength)) twoByte = true;
            }
        }
        var blockStart = o;
        var w = o + 4;
        if (hasSource)
        {
            foreach (var e in src.GetExtensions())
            {
                var id = _extIdMap[e.Id];
                if (id != 0) w = WriteElement(d, w, id, e.Value, twoByte);
            }
        }
        if (_subMidId != 0) w = WriteElement(d, w, _subMidId, _midBytes, twoByte);
        if (_subTwccId != 0 && twcc >= 0)
        {
            Span<byte> v = stackalloc byte[TransportCcExtension.Length];
            TransportCcExtension.Write((ushort)twcc, v);
            w = WriteElement(d, w, _subTwccId, v, twoByte);
        }
        if (_subAbsId != 0)
        {
            Span<byte> v = stackalloc byte[AbsSendTimeExtension.Length];
            AbsSendTimeExtension.Write(abs, v);
            w = WriteElement(d, w, _subAbsId, v, twoByte);
        }
        if (w == blockStart + 4) return blockStart;
        while (((w - blockStart) & 3) != 0) d[w++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(d[blockStart..], twoByte ? RtpPacketView.TwoByteProfile : RtpPacketView.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(d[(blockStart + 2)..], (ushort)((w - blockStart - 4) / 4));
        d[0] |= ExtensionBit;
        return w;
    }

    private static int WriteElement(Span<byte> d, int w, int id, ReadOnlySpan<byte> value, bool twoByte)
    {
        if (twoByte)
        {
            d[w++] = (byte)id;
            d[w++] = (byte)value.Length;
        }
        else d[w++] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(d[w..]);
        return w + value.Length;
    }

    /// <summary>Writes this down-track's sender report at <paramref name="nowUs"/>; returns its length.</summary>
    /// <remarks>RFC 3550 §6.4.1. The RTP timestamp is the down-track's (rewritten) timestamp for the NTP instant:
    /// from the publisher's last SR when known (so audio and video of one publisher stay in sync), else
    /// extrapolated from the last forwarded packet.</remarks>
    internal int WriteSenderReport(Span<byte> d, long nowUs, long ntpOriginUs)
    {
        uint rtp;
        var layer = _layer >= 0 ? Track.Layers[_layer] : null;
        if (layer is not null && layer.HasSenderReport && layer.Epoch == _epoch)
        {
            rtp = (uint)(layer.SenderReportRtp + (nowUs - layer.SenderReportArrivalUs) * _clockRate / 1_000_000) + _tsOffset;
        }
        else
        {
            rtp = _lastOutTs + (uint)((nowUs - _lastForwardUs) * _clockRate / 1_000_000);
        }
        LastSenderReportUs = nowUs;
        return RtcpSenderReport.Write(d, Info.Ssrc, new RtcpSenderInfo(NtpTime.FromMicroseconds(ntpOriginUs + nowUs), rtp, (uint)PacketsSent, (uint)OctetsSent), []);
    }

    internal void OnReportBlock(in RtcpReportBlock block, long nowUs, long ntpOriginUs)
    {
        FractionLost = block.FractionLost / 256.0;
        JitterMs = block.Jitter * 1000.0 / _clockRate;
        if (block.LastSenderReport == 0) return;
        var now = NtpTime.Middle32(NtpTime.FromMicroseconds(ntpOriginUs + nowUs));
        var rtt = now - block.LastSenderReport - block.DelaySinceLastSenderReport;
        if (rtt < 0x8000_0000u) RttMs = NtpTime.FromCompact(rtt) / 1000.0;
    }

    internal bool HasSent => _lastForwardUs >= 0;

    /// <summary>What went into one transmission, to answer a NACK with the same packet (or its RTX form).</summary>
    private struct SentPacket
    {
        public long Input;
        public long LastUs;
        public int Seq;
        public int Layer;
        public int Epoch;
        public uint TsOffset;
        public int PicOffset;
        public int Tl0Offset;
        public int Twcc;
        public uint Abs;
        public uint FillerTs;
        public byte Count;
        public bool Filler;
    }
}
