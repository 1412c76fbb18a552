using Sfu.Core.Buffers;
using Sfu.Core.Diagnostics;
using Sfu.Core.Feedback;
using Sfu.Core.Media;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Routing;

/// <summary>
/// The forwarding engine of one room: participants, their published tracks and down-tracks, the packet path
/// from publisher RTP to every subscriber, RTCP in both directions, and the periodic feedback.
/// </summary>
/// <remarks>
/// Sans-IO and single-threaded (docs/architecture.md): a room lives on one shard; every method is called on
/// that shard's thread with the current time in microseconds; nothing reads a clock, sleeps, locks or sends.
/// Inputs: <see cref="OnRtp(Participant, PacketBuffer, long)"/> and <see cref="OnRtcp"/> with decrypted
/// packets, <see cref="OnTick"/> at least every <see cref="TickIntervalMs"/>, and the control calls
/// (join, publish, subscribe, mute, pause, leave). Outputs: packets committed to each participant's
/// <see cref="IMediaTransportSink"/>, and <see cref="IRoomListener"/> events. Every dropped packet is counted
/// in <see cref="Drops"/> by <see cref="PacketDropReason"/>. Lifecycle: docs/lifecycle.md.
/// </remarks>
public sealed partial class Room
{
    /// <summary>Largest interval between two <see cref="OnTick"/> calls that keeps the feedback timing.</summary>
    public const int TickIntervalMs = 10;

    private readonly List<Participant> _participants = [];
    private readonly long[] _drops = new long[Enum.GetValues<PacketDropReason>().Length];

    /// <summary>A room drawing packet buffers from <paramref name="pool"/> (the shard's).</summary>
    public Room(string name, PacketBufferPool pool, RoomOptions? options = null, IRoomListener? listener = null, ILayerSelector? layerSelector = null)
    {
        Name = name;
        Pool = pool;
        Options = options ?? RoomOptions.Default;
        Listener = listener;
        LayerSelector = layerSelector ?? SingleLayerSelector.Instance;
    }

    /// <summary>Room name.</summary>
    public string Name { get; }

    /// <summary>The shard's buffer pool.</summary>
    public PacketBufferPool Pool { get; }

    /// <summary>Tunables.</summary>
    public RoomOptions Options { get; }

    /// <summary>Event receiver, or null.</summary>
    public IRoomListener? Listener { get; }

    /// <summary>Decides which layer each down-track forwards.</summary>
    public ILayerSelector LayerSelector { get; }

    /// <summary>Participants present.</summary>
    public IReadOnlyList<Participant> Participants => _participants;

    /// <summary>Drop counters indexed by <see cref="PacketDropReason"/>.</summary>
    public ReadOnlySpan<long> Drops => _drops;

    /// <summary>RTP packets accepted from publishers.</summary>
    public long PacketsAccepted { get; private set; }

    internal byte[] Scratch { get; } = new byte[PacketBuffer.DefaultCapacity + DownTrack.MaxGrowth * 2];

    /// <summary>Adds a participant whose outgoing packets go to <paramref name="sink"/>.</summary>
    public Participant AddParticipant(string id, IMediaTransportSink sink, ParticipantOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var p = new Participant(this, id, sink, options ?? new ParticipantOptions());
        _participants.Add(p);
        return p;
    }

    /// <summary>The participant leaves: its tracks are unpublished (BYE to their subscribers), its down-tracks closed,
    /// and every buffer it held returns to the pool.</summary>
    public void RemoveParticipant(Participant participant, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (!participant.IsConnected) return;
        while (participant.PublishedList.Count > 0) Unpublish(participant.PublishedList[^1], nowUs);
        while (participant.DownTrackList.Count > 0) Unsubscribe(participant.DownTrackList[^1], nowUs, sendBye: false);
        participant.MarkLeft();
        _participants.Remove(participant);
        _speakers.Remove(participant);
    }

    /// <summary>Publishes a track described by <paramref name="info"/>.</summary>
    public PublishedTrack Publish(Participant publisher, PublishedTrackInfo info)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(info);
        var track = new PublishedTrack(publisher, info, Options);
        publisher.AddPublished(track);
        return track;
    }

    /// <summary>Unpublishes: every subscriber's down-track is closed with a BYE; cached packets are released.</summary>
    public void Unpublish(PublishedTrack track, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (!track.IsOpen) return;
        var list = track.DownTrackList;
        while (list.Count > 0) Unsubscribe(list[^1], nowUs, sendBye: true);
        track.Publisher.RemovePublished(track);
        track.Close();
    }

    /// <summary>Subscribes <paramref name="subscriber"/> to <paramref name="track"/> with what it negotiated; a video
    /// down-track starts by asking the publisher for a key frame.</summary>
    public DownTrack Subscribe(Participant subscriber, PublishedTrack track, DownTrackInfo info, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(info);
        var d = new DownTrack(subscriber, track, info);
        track.AddDownTrack(d);
        subscriber.AddDownTrack(d);
        if (track.Kind == MediaKind.Video) d.RequestKeyframe(nowUs);
        return d;
    }

    /// <summary>Closes a down-track (BYE to the subscriber unless it is leaving anyway).</summary>
    public void Unsubscribe(DownTrack downTrack, long nowUs, bool sendBye = true)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        if (downTrack.State == DownTrackState.Closed) return;
        downTrack.Close();
        downTrack.Track.RemoveDownTrack(downTrack);
        downTrack.Subscriber.RemoveDownTrack(downTrack);
        if (sendBye && downTrack.Subscriber.IsConnected)
        {
            var sink = downTrack.Subscriber.Sink;
            ReadOnlySpan<uint> ssrc = [downTrack.Ssrc];
            var n = RtcpBye.Write(sink.GetBuffer(16), ssrc);
            sink.Commit(PacketKind.Rtcp, n);
        }
    }

    /// <summary>A subscriber (or the engine) wants a key frame of <paramref name="track"/>'s layer; throttled per layer.</summary>
    internal void RequestKeyframe(PublishedTrack track, int layerIndex, long nowUs)
    {
        if ((uint)layerIndex >= (uint)track.LayerArray.Length) return;
        var layer = track.LayerArray[layerIndex];
        // No SSRC yet: nothing to address; the down-track asks again with the layer's first packet.
        if (layer.Ssrc == 0) return;
        if (layer.KeyframeThrottle.Request(nowUs)) SendKeyframeRequest(track, layer);
    }

    private void SendKeyframeRequest(PublishedTrack track, PublishedLayer layer)
    {
        if (layer.Ssrc == 0 || !track.Publisher.IsConnected) return;
        var sink = track.Publisher.Sink;
        var buffer = sink.GetBuffer(32);
        var n = track.Info.Pli || !track.Info.Fir
            ? RtcpPictureLossIndication.Write(buffer, track.Publisher.Options.FeedbackSsrc, layer.Ssrc)
            : RtcpFullIntraRequest.Write(buffer, track.Publisher.Options.FeedbackSsrc, layer.Ssrc, layer.FirSequence++);
        sink.Commit(PacketKind.Rtcp, n);
    }

    private PacketDropReason Count(PacketDropReason reason)
    {
        _drops[(int)reason]++;
        return reason;
    }
}
