using System.Security.Cryptography;
using Google.Protobuf;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Dtls;
using Sfu.Transport.Peer;
using Sfu.Transport.Sharding;
using EngineRoom = Sfu.Core.Routing.Room;
using MediaKind = Sfu.Core.Sdp.MediaKind;
using ProtoRoom = Sfu.Signaling.Protocol.Room;
using SdpSession = Sfu.Core.Sdp.SessionDescription;
using SignalSdp = Sfu.Signaling.Protocol.SessionDescription;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// One LiveKit room: its participants, their tracks and subscriptions, and the two negotiations of each
/// participant (the publisher's offers answered, the server's subscriber offers). The engine room and
/// every peer connection live on the room's shard; this class reaches them only with
/// <see cref="Shard.Post"/>. Signaling state is guarded by one lock per room (never on the packet path).
/// </summary>
/// <remarks>
/// Message order per participant is the order of its queue: a ParticipantUpdate announcing a track is queued
/// before the offer that carries it (livekit-client drops tracks of unknown participants), the JoinResponse
/// before anything. At most one subscriber offer is outstanding; changes meanwhile are folded into the next.
/// </remarks>
public sealed partial class RtcRoom
{
    private readonly object _gate = new();
    private readonly List<RtcParticipant> _participants = [];
    private readonly IRtcMedia _media;
    private readonly RtcSessionOptions _options;
    private readonly RoomTicker _ticker;
    private readonly Action<RtcRoom> _emptied;
    private readonly RtcRoomSettings _settings;
    private bool _closed;

    internal RtcRoom(string name, IRtcMedia media, RtcSessionOptions options, Action<RtcRoom> emptied, RtcRoomSettings? settings = null)
    {
        _settings = settings ?? RtcRoomSettings.From(options);
        Name = name;
        Sid = LiveKitIds.NewRoomSid();
        _media = media;
        _options = options;
        _emptied = emptied;
        CreatedAtMs = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Shard = media.ShardForRoom(name);
        // NTP time of the engine's time zero: the shard clock's origin (RFC 3550 §4: NTP seconds since 1900).
        var ntpNowUs = (long)(options.Time.GetUtcNow() - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalMicroseconds;
        Selector = new SimulcastLayerSelector();
        Engine = new EngineRoom(name, new PacketBufferPool(), new RoomOptions { NtpOriginUs = ntpNowUs - MediaClock.NowUs }, new EngineListener(this), Selector);
        _ticker = new RoomTicker(Engine);
        Shard.AddSession(_ticker);
        StartQualityTimer();
        lock (_gate)
        {
            ArmCloseTimer(_settings.EmptyTimeout);
            Notify(RtcRoomEvents.RoomStarted, null, null);
        }
    }

    /// <summary>Tells the observer (webhooks) of an event. Lock held, so events keep the room's order.</summary>
    private void Notify(string name, RtcParticipant? participant, TrackInfo? track)
    {
        if (_options.Observer is not { } observer) return;
        observer.OnRoomEvent(name, BuildRoomInfo(), participant?.BuildInfo(), track?.Clone());
    }

    /// <summary>Room name.</summary>
    public string Name { get; }

    /// <summary>RM_ sid.</summary>
    public string Sid { get; }

    /// <summary>Creation time, unix ms.</summary>
    public long CreatedAtMs { get; }

    /// <summary>The shard every media object of the room lives on.</summary>
    public Shard Shard { get; }

    /// <summary>The simulcast layer choice of every down-track (shard thread only).</summary>
    internal SimulcastLayerSelector Selector { get; }

    /// <summary>The forwarding engine (shard thread only).</summary>
    internal EngineRoom Engine { get; }

    /// <summary>True once the room closed (empty or departure timeout): it takes no more joins (the registry makes a new one).</summary>
    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>Participants present.</summary>
    public int ParticipantCount
    {
        get { lock (_gate) return _participants.Count; }
    }

    /// <summary>A snapshot of the participants.</summary>
    public IReadOnlyList<RtcParticipant> Participants
    {
        get { lock (_gate) return [.. _participants]; }
    }

    private ProtoRoom BuildRoomInfo() => new()
    {
        Sid = Sid,
        Name = Name,
        CreationTime = CreatedAtMs / 1000,
        CreationTimeMs = CreatedAtMs,
        NumParticipants = (uint)_participants.Count,
        NumPublishers = (uint)_participants.Count(p => p.Tracks.Count > 0),
        EmptyTimeout = (uint)_settings.EmptyTimeout.TotalSeconds,
        DepartureTimeout = (uint)_settings.DepartureTimeout.TotalSeconds,
        MaxParticipants = (uint)Math.Max(0, _settings.MaxParticipants),
        Metadata = _settings.Metadata,
    };

    /// <summary>
    /// Adds a participant: JoinResponse first, then (when it may subscribe) the first subscriber offer, with
    /// an m=application section even in an empty room. Null when the room already closed (retry on a new one).
    /// </summary>
    public RtcParticipant? Join(RtcConnectRequest request) => Join(request, out _);

    /// <summary>
    /// As <see cref="Join(RtcConnectRequest)"/>, saying why no participant was added: the room closed, or it is
    /// full (room.max_participants; a participant of the same identity does not count, it is replaced).
    /// </summary>
    public RtcParticipant? Join(RtcConnectRequest request, out RtcJoinRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        RtcParticipant? evicted;
        RtcParticipant p;
        refusal = RtcJoinRefusal.RoomClosed;
        lock (_gate)
        {
            if (_closed) return null;
            if (IsFullForLocked(request.Identity))
            {
                refusal = RtcJoinRefusal.RoomFull;
                return null;
            }
            DisarmCloseTimer();
            _everJoined = true;
            evicted = _participants.FirstOrDefault(x => x.Identity == request.Identity);
            p = new RtcParticipant(this, LiveKitIds.NewParticipantSid(), request, _options.Time.GetUtcNow().ToUnixTimeMilliseconds());
            if (p.CanSubscribe)
            {
                p.OfferBuilder = new SdpOfferBuilder(new SdpOfferOptions
                {
                    IceUfrag = p.SubscriberIce.Ufrag,
                    IcePwd = p.SubscriberIce.Password,
                    Fingerprint = _media.Fingerprint,
                    Candidates = _media.CandidatesFor(Shard),
                    SessionId = RandomSessionId(),
                });
            }
            var feedbackSsrc = RandomSsrc();
            Shard.Post(_ => p.Engine = Engine.AddParticipant(p.Sid, p.Sink, new ParticipantOptions { FeedbackSsrc = feedbackSsrc }));
        }
        // The same identity joining again replaces the old participant (LiveKit's DUPLICATE_IDENTITY).
        if (evicted is not null) Leave(evicted, DisconnectReason.DuplicateIdentity, tellClient: true);

        lock (_gate)
        {
            if (_closed) return null;
            DisarmCloseTimer(); // evicting the only participant armed the departure timer
            refusal = RtcJoinRefusal.None;
            var join = new JoinResponse
            {
                Participant = p.BuildInfo(),
                SubscriberPrimary = p.CanSubscribe,
                PingInterval = _options.PingIntervalSeconds,
                PingTimeout = _options.PingTimeoutSeconds,
                ServerInfo = new ServerInfo
                {
                    Edition = ServerInfo.Types.Edition.Standard,
                    Version = _options.ServerVersion,
                    Protocol = _options.Protocol,
                    Region = _options.Region,
                    NodeId = _options.NodeId,
                },
#pragma warning disable CS0612 // server_version and server_region are deprecated but older clients read them
                ServerVersion = _options.ServerVersion,
                ServerRegion = _options.Region,
#pragma warning restore CS0612
                ClientConfiguration = _options.BuildClientConfiguration(),
            };
            join.IceServers.AddRange(_options.IceServers(p.Identity));
            foreach (var o in _participants) if (!o.IsHidden) join.OtherParticipants.Add(o.BuildInfo());
            _participants.Add(p);
            Notify(RtcRoomEvents.ParticipantJoined, p, null);
            join.Room = BuildRoomInfo();
            p.Send(new SignalResponse { Join = join });

            if (!p.IsHidden)
            {
                var announce = p.BuildInfo();
                foreach (var o in _participants) if (o != p) SendUpdate(o, announce);
            }

            if (p.CanSubscribe)
            {
                if (request.AutoSubscribe)
                    foreach (var o in _participants)
                        foreach (var t in o.Tracks)
                            if (o != p && !o.IsHidden && t.IsPublished) AddSubscription(p, t);
                SendOffer(p);
            }
        }
        return p;
    }

    /// <summary>Handles one request of <paramref name="p"/> (from its WebSocket reader).</summary>
    public void Handle(RtcParticipant p, SignalRequest request)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(request);
        var nowMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        switch (request.MessageCase)
        {
            case SignalRequest.MessageOneofCase.Ping:
                p.Send(new SignalResponse { Pong = nowMs });
                return;
            case SignalRequest.MessageOneofCase.PingReq:
                p.Send(new SignalResponse { PongResp = new Pong { LastPingTimestamp = request.PingReq.Timestamp, Timestamp = nowMs } });
                return;
            case SignalRequest.MessageOneofCase.Leave:
                Leave(p, DisconnectReason.ClientInitiated, tellClient: false);
                return;
            case SignalRequest.MessageOneofCase.Trickle:
                // ICE-lite: the server's candidates are in its SDP; the client's (mDNS .local included) are not needed.
                return;
            case SignalRequest.MessageOneofCase.SyncState:
                OnSyncState(p, request.SyncState); // may end in a leave, so it takes the lock itself
                return;
            default:
                break;
        }
        lock (_gate)
        {
            if (!p.IsActive) return;
            switch (request.MessageCase)
            {
                case SignalRequest.MessageOneofCase.AddTrack:
                    OnAddTrack(p, request.AddTrack);
                    break;
                case SignalRequest.MessageOneofCase.Offer:
                    OnPublisherOffer(p, request.Offer);
                    break;
                case SignalRequest.MessageOneofCase.Answer:
                    OnSubscriberAnswer(p, request.Answer);
                    break;
                case SignalRequest.MessageOneofCase.Mute:
                    OnMute(p, request.Mute.Sid, request.Mute.Muted);
                    break;
                case SignalRequest.MessageOneofCase.Subscription:
                    OnUpdateSubscription(p, request.Subscription);
                    break;
                case SignalRequest.MessageOneofCase.TrackSetting:
                    OnTrackSettings(p, request.TrackSetting);
                    break;
                case SignalRequest.MessageOneofCase.UpdateMetadata:
                    OnUpdateMetadata(p, request.UpdateMetadata);
                    break;
                default:
                    // subscription_permission, simulate...: accepted and ignored.
                    break;
            }
        }
    }

    private void OnAddTrack(RtcParticipant p, AddTrackRequest req)
    {
        if (!p.Video.AllowsPublishSource(req.Source) || req.Type == TrackType.Data)
        {
            p.Send(new SignalResponse
            {
                RequestResponse = new RequestResponse
                {
                    Reason = req.Type == TrackType.Data ? RequestResponse.Types.Reason.UnsupportedType : RequestResponse.Types.Reason.NotAllowed,
                    Message = "does not have permission to publish this source",
                    AddTrack = req,
                },
            });
            return;
        }
        if (p.PendingByCid.ContainsKey(req.Cid) || p.Tracks.Any(t => t.Cid == req.Cid)) return;
        var limit = _options.MaxTracksPerParticipant > 0 && p.Tracks.Count + p.PendingByCid.Count >= _options.MaxTracksPerParticipant
            ? "exceeds the participant's track limit"
            : p.PendingByCid.Count >= _options.MaxPendingTracks ? "too many pending tracks" : null;
        if (limit is not null)
        {
            p.Send(new SignalResponse
            {
                RequestResponse = new RequestResponse { Reason = RequestResponse.Types.Reason.LimitExceeded, Message = limit, AddTrack = req },
            });
            return;
        }
        var info = new TrackInfo
        {
            Sid = LiveKitIds.NewTrackSid(),
            Type = req.Type,
            Name = req.Name,
            Muted = req.Muted,
            Width = req.Width,
            Height = req.Height,
            Source = req.Source,
            DisableRed = req.DisableRed,
            Encryption = req.Encryption,
            Stream = req.Stream,
        };
#pragma warning disable CS0612 // TrackInfo.layers is deprecated but livekit-client still reads it
        info.Layers.AddRange(req.Layers);
        info.Simulcast = req.Layers.Count > 1;
#pragma warning restore CS0612
        var track = new RtcTrack(p, info.Sid, req.Cid, info, req);
        p.PendingByCid[req.Cid] = track;
        p.Send(new SignalResponse { TrackPublished = new TrackPublishedResponse { Cid = req.Cid, Track = info.Clone() } });
    }

    private void OnMute(RtcParticipant p, string sid, bool muted)
    {
        var track = p.Tracks.FirstOrDefault(t => t.Sid == sid) ?? p.PendingByCid.Values.FirstOrDefault(t => t.Sid == sid);
        if (track is null || track.Info.Muted == muted) return;
        track.Info.Muted = muted;
        Shard.Post(s => track.Engine?.SetMuted(muted, MediaClock.NowUs));
        if (track.IsPublished) Announce(p);
    }

    private void OnUpdateSubscription(RtcParticipant p, UpdateSubscription req)
    {
        if (!p.CanSubscribe) return;
        var sids = new List<string>(req.TrackSids);
        foreach (var pt in req.ParticipantTracks) sids.AddRange(pt.TrackSids);
        var changed = false;
        foreach (var sid in sids)
        {
            if (req.Subscribe)
            {
                var track = FindTrack(sid);
                if (track is null || track.Owner == p || track.Owner.IsHidden)
                {
                    p.Send(new SignalResponse { SubscriptionResponse = new SubscriptionResponse { TrackSid = sid, Err = SubscriptionError.SeTrackNotfound } });
                    continue;
                }
                changed |= AddSubscription(p, track);
            }
            else changed |= RemoveSubscription(p, sid);
        }
        if (changed) SendOffer(p);
    }

    private void OnTrackSettings(RtcParticipant p, UpdateTrackSettings req)
    {
        foreach (var sid in req.TrackSids)
        {
            if (!p.Subscriptions.TryGetValue(sid, out var sub)) continue;
            sub.Disabled = req.Disabled;
            var disabled = req.Disabled;
            var quality = sub.MaxQuality = QualityFor(sub.Track, req);
            // fps caps the temporal layers forwarded (VP8 TID) at the rate measured per temporal layer.
            var fps = sub.MaxFps = req.Fps;
            Shard.Post(s =>
            {
                if (sub.Engine is not { } d) return;
                d.SetPaused(disabled, MediaClock.NowUs);
                Selector.SetMaxQuality(d, quality);
                d.SetMaxFrameRate(fps);
            });
            UpdateSubscribedQualities(sub.Track);
        }
    }

    /// <summary>
    /// The highest quality a subscriber wants: from its width and height (adaptive stream; the smallest published
    /// layer at least that wide and high), else from the deprecated quality field livekit-client's setVideoQuality still sends.
    /// </summary>
    internal static int QualityFor(RtcTrack track, UpdateTrackSettings req)
    {
        if (req.Width > 0 || req.Height > 0)
        {
            foreach (var layer in track.Request.Layers.OrderBy(l => l.Width).ThenBy(l => l.Height))
                if (layer.Width >= req.Width && layer.Height >= req.Height && layer.Quality != VideoQuality.Off) return (int)layer.Quality;
            return SimulcastLayerSelector.High;
        }
#pragma warning disable CS0612 // quality is deprecated, but setVideoQuality sends it
        return req.Quality == VideoQuality.Off ? SimulcastLayerSelector.High : (int)req.Quality;
#pragma warning restore CS0612
    }

    private RtcTrack? FindTrack(string sid)
    {
        foreach (var o in _participants)
            foreach (var t in o.Tracks)
                if (t.Sid == sid && t.IsPublished) return t;
        return null;
    }

    /// <summary>Bumps <paramref name="p"/>'s version and sends its full info to everyone else.</summary>
    private void Announce(RtcParticipant p)
    {
        p.Version++;
        if (p.IsHidden) return; // invisible to the others
        var info = p.BuildInfo();
        foreach (var o in _participants) if (o != p) SendUpdate(o, info);
    }

    /// <summary>Least time between two ParticipantUpdates to one recipient; changes meanwhile are coalesced.</summary>
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Queues <paramref name="info"/> for <paramref name="to"/>: sent at once when the last update is older than
    /// <see cref="UpdateInterval"/>, else coalesced (each participant at its latest version) into the next one.
    /// Lock held.
    /// </summary>
    private void SendUpdate(RtcParticipant to, ParticipantInfo info)
    {
        if (to.PendingUpdates.TryGetValue(info.Sid, out var queued) && queued.Version > info.Version && info.State != ParticipantInfo.Types.State.Disconnected) return;
        to.PendingUpdates[info.Sid] = info.Clone();
        var nowMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var dueMs = to.LastUpdateSentMs + (long)UpdateInterval.TotalMilliseconds;
        if (nowMs >= dueMs)
        {
            FlushUpdates(to);
            return;
        }
        to.UpdateTimer ??= _options.Time.CreateTimer(static state =>
        {
            var (room, participant) = ((RtcRoom, RtcParticipant))state!;
            lock (room._gate) room.FlushUpdates(participant);
        }, (this, to), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        to.UpdateTimer.Change(TimeSpan.FromMilliseconds(dueMs - nowMs), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends the coalesced ParticipantUpdate now (before an offer, so the tracks it carries are known). Lock held.</summary>
    private void FlushUpdates(RtcParticipant to)
    {
        if (to.PendingUpdates.Count == 0) return;
        var update = new ParticipantUpdate();
        update.Participants.AddRange(to.PendingUpdates.Values);
        to.PendingUpdates.Clear();
        to.LastUpdateSentMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        to.Send(new SignalResponse { Update = update });
    }

    internal static uint RandomSsrc()
    {
        uint v;
        do v = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue); while (v == 0);
        return v;
    }

    private static string RandomSessionId() => RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static ByteString Empty => ByteString.Empty;
}
