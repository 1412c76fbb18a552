using Sfu.Core.Buffers;
using Sfu.Core.Codecs;
using Sfu.Core.Diagnostics;
using Sfu.Core.Feedback;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;

namespace Sfu.Core.Routing;

public sealed partial class Room
{
    private const int MaxAbandonedPerPacket = 64;

    /// <summary>Copies <paramref name="packet"/> into a pooled buffer and processes it (convenience for tests and tools).</summary>
    public PacketDropReason OnRtp(Participant from, ReadOnlySpan<byte> packet, long nowUs)
    {
        var buffer = Pool.Rent(packet, nowUs);
        try
        {
            return OnRtp(from, buffer, nowUs);
        }
        finally
        {
            buffer.Release();
        }
    }

    /// <summary>
    /// A decrypted RTP packet from <paramref name="from"/>'s publisher transport. The caller keeps its reference
    /// and releases it afterwards; the retransmission cache adds its own. Returns why it was not forwarded
    /// (<see cref="PacketDropReason.None"/> when accepted).
    /// </summary>
    /// <remarks>
    /// Order matters: the transport-wide sequence number is recorded first, before any drop decision, so
    /// padding-only probes, RTX, duplicates and packets of SSRCs not bound yet all reach the publisher's
    /// bandwidth estimator (draft-holmer-rmcat-transport-wide-cc-extensions-01 §1: feedback covers every
    /// packet carrying the extension).
    /// </remarks>
    public PacketDropReason OnRtp(Participant from, PacketBuffer buffer, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.TimeUs = nowUs;
        if (!RtpPacketView.TryParse(buffer.Span, out var view, out var reason)) return Count(reason);

        if (from.TransportCcId != 0 && view.TryGetExtension(from.TransportCcId, out var tcc) && TransportCcExtension.TryRead(tcc, out var tseq))
        {
            from.TransportCc.OnPacket(tseq, nowUs);
        }

        if (!from.TryGetBinding(view.Ssrc, out var binding) && !TryLearnSsrc(from, ref view, out binding)) return Count(PacketDropReason.UnknownSsrc);
        var track = binding.Track;
        var layer = track.LayerArray[binding.Layer];
        if (!binding.IsRtx) return OnMedia(track, layer, buffer, ref view, nowUs, retransmitted: false);

        // RFC 4588 §4: an RTX packet is the original under another SSRC; padding-only RTX (probes) carry nothing.
        if (view.IsPaddingOnly || view.PayloadLength == 0) return Count(PacketDropReason.PaddingOnly);
        var codec = track.Info.FindByRtxPayloadType(view.PayloadType);
        if (codec is null) return Count(PacketDropReason.UnknownPayloadType);
        if (layer.Ssrc == 0) return Count(PacketDropReason.UnknownSsrc);
        var repaired = Pool.Rent();
        try
        {
            repaired.TimeUs = nowUs;
            if (!Rtx.TryDecapsulate(view, codec.PayloadType, layer.Ssrc, repaired.Data, out var written, out reason)) return Count(reason);
            repaired.Length = written;
            if (!RtpPacketView.TryParse(repaired.Span, out var original, out reason)) return Count(reason);
            return OnMedia(track, layer, repaired, ref original, nowUs, retransmitted: true);
        }
        finally
        {
            repaired.Release();
        }
    }

    private PacketDropReason OnMedia(PublishedTrack track, PublishedLayer layer, PacketBuffer buffer, ref RtpPacketView view, long nowUs, bool retransmitted)
    {
        var codec = track.Info.FindCodec(view.PayloadType);
        if (codec is null) return Count(PacketDropReason.UnknownPayloadType);
        var ext = layer.Unwrap(view.SequenceNumber, out _);
        Span<long> abandoned = stackalloc long[MaxAbandonedPerPacket];
        var arrival = layer.Nack.OnPacket(ext, nowUs, abandoned, out var abandonedCount, trackLoss: track.Info.Nack);
        if (abandonedCount > 0) NotifyAbandoned(track, layer, abandoned[..abandonedCount], nowUs);
        if (arrival is PacketArrival.Duplicate or PacketArrival.TooOld) return Count(PacketDropReason.Duplicate);

        layer.Statistics.OnPacket(ext, view.Timestamp, nowUs, retransmitted);
        layer.PacketsReceived++;
        // A layer silent for longer than the live window restarted: it is a switch target again only after a key frame.
        if (layer.LastPacketUs >= 0 && nowUs - layer.LastPacketUs > PublishedLayer.LiveWindowUs) layer.KeyFrameSeen = false;
        layer.LastPacketUs = nowUs;
        var downTracks = track.DownTrackList;

        if (view.IsPaddingOnly)
        {
            // Padding-only packets occupy a sequence number upstream; every down-track closes ranks over it.
            for (var i = 0; i < downTracks.Count; i++) downTracks[i].OnAbandoned(layer, ext, nowUs);
            return Count(PacketDropReason.PaddingOnly);
        }
        PacketsAccepted++;

        if (track.AudioLevel is { } meter)
        {
            var id = track.Info.Extensions.GetId(RtpExtensionKind.AudioLevel);
            if (id != 0 && view.TryGetExtension(id, out var lv) && AudioLevelExtension.TryRead(lv, out var voice, out var level))
            {
                if (!track.Muted) meter.OnLevel(voice, level, nowUs);
            }
        }

        var p = new IngressPacket { View = view, Layer = layer, ExtendedSequence = ext, PictureId = -1, Tl0PicIdx = -1, TemporalId = -1 };
        if (track.Kind == MediaKind.Video)
        {
            DetectKeyFrame(codec, ref p);
            if (track.Info.EndToEndEncrypted) DetectKeyFrameEncrypted(track, ref p);
            if (p.FrameStart && p.TemporalId >= 0) layer.FrameRates.OnFrame(p.TemporalId, nowUs);
        }
        if (p.KeyFrame)
        {
            layer.KeyframeThrottle.OnKeyFrame();
            layer.KeyFrameSeen = true;
        }
        else if (!p.KnowsKeyFrames) layer.KeyFrameSeen = true; // nothing to wait for: any packet is a switch point
        // A layer being sent without a key frame is useless to every subscriber: ask for one (throttled per layer).
        if (!layer.KeyFrameSeen && downTracks.Count > 0) RequestKeyframe(track, layer.Index, nowUs);

        if (track.Kind == MediaKind.Video || track.Info.Nack) layer.Cache.Add(ext, buffer);
        // With hundreds of subscribers their state no longer fits the cache: prefetch three down-tracks ahead
        // in steps (the object, then what its fields point to, then the lines this packet indexes) so the
        // misses overlap with the current subscriber's copy and encryption (Buffers.CachePrefetch).
        // Count is read every turn, as before: a send may end a subscription and shrink the list.
        for (var i = 0; i < downTracks.Count; i++)
        {
            if (i + 3 < downTracks.Count) CachePrefetch.Object(downTracks[i + 3], DownTrack.ObjectBytes);
            if (i + 2 < downTracks.Count) downTracks[i + 2].PrefetchReferences();
            if (i + 1 < downTracks.Count) downTracks[i + 1].PrefetchForPacket(ext);
            downTracks[i].Forward(ref p, nowUs);
        }
        return PacketDropReason.None;
    }

    /// <summary>
    /// Where key frames start, from the codec's payload header: VP8 (RFC 7741 §4.3, P bit of the first
    /// partition), VP9 (RFC 9628 §4.2, B set, P clear, spatial layer 0), H.264 (RFC 6184 §5, an IDR slice,
    /// alone, in a STAP-A or at the start of an FU-A), AV1 (AV1 RTP payload §4.4, the N bit).
    /// </summary>
    private static void DetectKeyFrame(Media.TrackCodec codec, ref IngressPacket p)
    {
        var payload = p.View.Payload;
        if (codec.IsVp8)
        {
            if (!Vp8PayloadDescriptor.TryParse(payload, out var vp8, out _)) return;
            p.IsVp8 = true;
            p.KnowsKeyFrames = true;
            p.KeyFrame = vp8.IsKeyframe;
            p.PictureId = vp8.PictureId;
            p.Tl0PicIdx = vp8.Tl0PicIdx;
            p.TemporalId = vp8.TemporalId;
            p.LayerSync = vp8.IsLayerSync;
            p.FrameStart = vp8.IsStartOfFrame;
        }
        else if (codec.IsVp9)
        {
            if (!Vp9PayloadDescriptor.TryParse(payload, out var vp9, out _)) return;
            p.KnowsKeyFrames = true;
            p.KeyFrame = vp9.IsKeyframe;
        }
        else if (codec.IsH264)
        {
            if (!H264PayloadInfo.TryParse(payload, out var h264, out _)) return;
            p.KnowsKeyFrames = true;
            p.KeyFrame = h264.IsKeyframe;
        }
        else if (codec.IsAv1 && !payload.IsEmpty)
        {
            p.KnowsKeyFrames = true;
            p.KeyFrame = Av1AggregationHeader.IsKeyframe(payload);
        }
    }

    /// <summary>
    /// Key frames of an end-to-end encrypted track. The frame cryptor (livekit-client's FrameCryptor, run on
    /// the encoded frame before the RTP packetizer) encrypts the codec bitstream, so nothing the decision reads
    /// may come from it. What stays readable and why:
    /// <list type="bullet">
    /// <item>header extensions: never encrypted (the dependency descriptor's template structure marks the
    /// start of a key frame, AV1 RTP spec §A.4); preferred whenever the publisher sends one;</item>
    /// <item>RTP payload-format descriptors written by the packetizer around the encrypted frame: the VP8
    /// payload descriptor (RFC 7741 §4.2: S, PID, picture id, TL0PICIDX, TID, Y), the VP9 payload descriptor
    /// (RFC 9628 §4.2, whose P and B bits give VP9 key frames; livekit-client encrypts all of a VP9 frame),
    /// the AV1 aggregation header (N bit), the H.264 NAL unit headers of STAP-A/FU-A (RFC 6184 §5.7, §5.8):
    /// livekit-client keeps every NAL header up to the first slice in clear, since the packetizer splits on
    /// them, and escapes its ciphertext so no start code is emulated;</item>
    /// <item>VP8 alone has no key-frame bit outside the bitstream: the P bit is bit 0 of the frame's first
    /// byte (RFC 7741 §4.3). livekit-client leaves the first 10 bytes of a key frame and 3 of a delta frame
    /// unencrypted (its UNENCRYPTED_BYTES, so that an SFU can see key frames), so that one byte, and nothing
    /// after it, is read: <see cref="DetectKeyFrame"/> reads no other byte of the frame for any codec.</item>
    /// </list>
    /// Without a dependency descriptor the result of <see cref="DetectKeyFrame"/> stands.
    /// </summary>
    private static void DetectKeyFrameEncrypted(PublishedTrack track, ref IngressPacket p)
    {
        var id = track.Info.Extensions.GetId(RtpExtensionKind.DependencyDescriptor);
        if (id == 0 || !p.View.TryGetExtension(id, out var dd) || dd.Length < DependencyDescriptorExtension.MandatoryLength) return;
        p.KnowsKeyFrames = true;
        p.KeyFrame = DependencyDescriptorExtension.IsKeyFrameStart(dd);
    }

    private static void NotifyAbandoned(PublishedTrack track, PublishedLayer layer, ReadOnlySpan<long> seqs, long nowUs)
    {
        var downTracks = track.DownTrackList;
        foreach (var s in seqs)
        {
            for (var i = 0; i < downTracks.Count; i++) downTracks[i].OnAbandoned(layer, s, nowUs);
        }
    }

    /// <summary>
    /// Binds an SSRC the negotiation did not announce, from its mid and rid (or repaired-rid) extensions
    /// (RFC 8843 §9.2, RFC 8852 §4). A new SSRC for a layer that already had one is a publisher restart.
    /// </summary>
    private static bool TryLearnSsrc(Participant from, ref RtpPacketView view, out SsrcBinding binding)
    {
        binding = default;
        if (from.MidId == 0 || !view.TryGetExtension(from.MidId, out var midValue) || !MidExtension.TryRead(midValue, out var mid)) return false;
        var track = from.FindTrackByMid(mid);
        if (track is null) return false;
        var layerIndex = 0;
        bool rtx;
        if (from.RidId != 0 && view.TryGetExtension(from.RidId, out var ridValue) && RidExtension.TryRead(ridValue, out var rid))
        {
            layerIndex = track.FindLayerByRid(rid);
            rtx = false;
        }
        else if (from.RepairedRidId != 0 && view.TryGetExtension(from.RepairedRidId, out var rridValue) && RepairedRidExtension.TryRead(rridValue, out var rrid))
        {
            layerIndex = track.FindLayerByRid(rrid);
            rtx = true;
        }
        else
        {
            if (track.Info.Rids.Count > 0) return false; // simulcast without a rid: cannot tell the layer yet
            rtx = track.Info.FindByRtxPayloadType(view.PayloadType) is not null;
        }
        if (layerIndex < 0) return false;
        var layer = track.LayerArray[layerIndex];
        if (rtx)
        {
            if (layer.RtxSsrc != 0) from.Unbind(layer.RtxSsrc);
            layer.RtxSsrc = view.Ssrc;
        }
        else
        {
            if (layer.Ssrc != 0 && layer.Ssrc != view.Ssrc)
            {
                from.Unbind(layer.Ssrc);
                layer.Restart();
            }
            layer.Ssrc = view.Ssrc;
        }
        binding = new SsrcBinding(track, layerIndex, rtx);
        from.Bind(view.Ssrc, binding);
        return true;
    }
}
