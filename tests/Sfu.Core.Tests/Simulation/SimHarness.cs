using System.Buffers.Binary;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// Drives one <see cref="Room"/> with scripted publishers and subscribers over seeded networks in virtual
/// time, in 1 ms steps (str0m's tests/common.rs progress loop, simplified): publishers send what is due, the
/// networks deliver what is due, subscribers send feedback, the room ticks every 10 ms.
/// Subscribers negotiate other ids and payload types than publishers, so mapping is always exercised.
/// </summary>
internal sealed class SimHarness : IRoomListener
{
    public const int SubMidId = 5, SubAbsId = 6, SubTwccId = 7, SubAudioLevelId = 8;
    public const byte SubVideoPt = 98, SubRtxPt = 99, SubOpusPt = 109;

    private readonly List<(Participant Participant, SimPublisher Publisher)> _publishers = [];
    private readonly List<(Participant Participant, SimSimulcastPublisher Publisher)> _simulcast = [];
    private readonly List<SimSubscriber> _subscribers = [];
    private readonly List<(Participant Participant, SimSubscriber Subscriber)> _subscriberLinks = [];
    private readonly Dictionary<Participant, Dictionary<uint, SimSubscriber>> _routes = [];
    private ushort _twcc;

    public SimHarness(int seed, RoomOptions? options = null, ILayerSelector? layerSelector = null)
    {
        Up = new SimNetwork(seed);
        Down = new SimNetwork(seed * 7919 + 1);
        Room = new Room("sim", Pool, options, this, layerSelector);
    }

    public SimClock Clock { get; } = new();
    public PacketBufferPool Pool { get; } = new();
    public Room Room { get; }
    public SimNetwork Up { get; }
    public SimNetwork Down { get; }
    public List<IReadOnlyList<Participant>> SpeakerEvents { get; } = [];

    public void OnActiveSpeakersChanged(IReadOnlyList<Participant> speakers) => SpeakerEvents.Add(speakers);

    public Participant AddPublisherParticipant(string id)
    {
        Participant? participant = null;
        var sink = new SimSink(Down, Clock, (data, t) =>
        {
            foreach (var (p, pub) in _publishers)
                if (p == participant) pub.OnRtcp(data, t, bytes => SendUp(p, bytes));
            foreach (var (p, pub) in _simulcast)
                if (p == participant) pub.OnRtcp(data, t);
        });
        participant = Room.AddParticipant(id, sink, new ParticipantOptions { FeedbackSsrc = 0xFEED0000 | (uint)_publishers.Count });
        return participant;
    }

    public (PublishedTrack Track, SimPublisher Publisher) Publish(Participant participant, MediaKind kind, uint ssrc, uint rtxSsrc, string mid, int seed, bool announceSsrcs = true, Action<SimPublisher>? configure = null)
    {
        var pub = new SimPublisher(kind, ssrc, rtxSsrc, mid, () => ++_twcc, seed);
        configure?.Invoke(pub);
        _publishers.Add((participant, pub));
        var track = Room.Publish(participant, pub.Info(announceSsrcs));
        return (track, pub);
    }

    public (PublishedTrack Track, SimSimulcastPublisher Publisher) PublishSimulcast(Participant participant, uint firstSsrc, string mid, int seed,
        Action<SimSimulcastPublisher>? configure = null)
    {
        var pub = new SimSimulcastPublisher(firstSsrc, mid, () => ++_twcc, seed);
        configure?.Invoke(pub);
        _simulcast.Add((participant, pub));
        return (Room.Publish(participant, pub.Info()), pub);
    }

    public Participant AddSubscriberParticipant(string id)
    {
        Participant? participant = null;
        var routes = new Dictionary<uint, SimSubscriber>();
        var sink = new SimSink(Down, Clock, (data, t) =>
        {
            if (data[1] is >= 192 and <= 223)
            {
                foreach (var s in routes.Values.Distinct()) s.OnPacket(data, t);
                return;
            }
            if (routes.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)), out var sub)) sub.OnPacket(data, t);
        });
        participant = Room.AddParticipant(id, sink);
        _routes[participant] = routes;
        return participant;
    }

    public (DownTrack DownTrack, SimSubscriber Subscriber) Subscribe(Participant participant, PublishedTrack track, uint ssrc, uint rtxSsrc = 0, bool nack = true)
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(SubMidId, RtpExtensionUri.Mid);
        map.Register(SubAbsId, RtpExtensionUri.AbsSendTime);
        map.Register(SubTwccId, RtpExtensionUri.TransportWideCc);
        map.Register(SubAudioLevelId, RtpExtensionUri.AudioLevel);
        var video = track.Kind == MediaKind.Video;
        var mid = "s" + ssrc % 100;
        var info = new DownTrackInfo
        {
            Ssrc = ssrc,
            RtxSsrc = rtxSsrc,
            Mid = mid,
            Codecs = video ? [new TrackCodec(SubVideoPt, "VP8", 90000, rtxSsrc != 0 ? SubRtxPt : (byte)0)] : [new TrackCodec(SubOpusPt, "opus", 48000)],
            Extensions = map,
            Nack = nack,
        };
        var sub = new SimSubscriber(ssrc, rtxSsrc, video ? SubVideoPt : SubOpusPt, SubMidId, mid) { SendNacks = nack };
        _routes[participant][ssrc] = sub;
        if (rtxSsrc != 0) _routes[participant][rtxSsrc] = sub;
        _subscribers.Add(sub);
        _subscriberLinks.Add((participant, sub));
        var dt = Room.Subscribe(participant, track, info, Clock.NowUs);
        return (dt, sub);
    }

    public void SendUp(Participant from, byte[] data)
    {
        Up.Send(data, Clock.NowUs, (d, t) =>
        {
            if (!from.IsConnected) return;
            if (d[1] is >= 192 and <= 223) Room.OnRtcp(from, d, t);
            else Room.OnRtp(from, d, t);
        });
    }

    /// <summary>Runs until <paramref name="untilMs"/> of virtual time.</summary>
    public void Run(long untilMs)
    {
        for (var t = Clock.NowMs + 1; t <= untilMs; t++)
        {
            var us = t * 1000;
            Clock.AdvanceTo(us);
            foreach (var (p, pub) in _publishers) if (p.IsConnected) pub.OnTime(us, bytes => SendUp(p, bytes));
            foreach (var (p, pub) in _simulcast) if (p.IsConnected) pub.OnTime(us, bytes => SendUp(p, bytes));
            Up.DeliverDue(us);
            Down.DeliverDue(us);
            foreach (var (p, sub) in _subscriberLinks) if (p.IsConnected) sub.OnTime(us, bytes => SendUp(p, bytes));
            if (t % 10 == 0) Room.OnTick(us);
        }
    }
}
