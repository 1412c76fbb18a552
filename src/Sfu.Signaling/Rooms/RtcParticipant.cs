using System.Threading.Channels;
using Sfu.Core.Routing;
using Sfu.Core.Sdp;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// One participant of a room as signaling sees it: identity and grants, the outgoing message queue its
/// WebSocket writer drains, its published tracks, its subscriptions and both peer connections' state.
/// Mutated under the room's lock; <see cref="Engine"/> and the transports' internals on the room's shard.
/// </summary>
public sealed class RtcParticipant
{
    private volatile Channel<SignalResponse> _outgoing = NewQueue();

    private static Channel<SignalResponse> NewQueue() => Channel.CreateUnbounded<SignalResponse>(new UnboundedChannelOptions { SingleReader = true });

    internal RtcParticipant(RtcRoom room, string sid, RtcConnectRequest request, long joinedAtMs)
    {
        Room = room;
        Sid = sid;
        Request = request;
        Identity = request.Identity;
        Grants = request.Grants;
        Video = request.Grants.Video ?? new VideoGrant();
        JoinedAtMs = joinedAtMs;
        Name = request.Grants.Name ?? "";
        Metadata = request.Grants.Metadata ?? "";
        foreach (var (k, v) in request.Grants.Attributes) Attributes[k] = v;
    }

    /// <summary>Display name (from the token; changed by UpdateParticipantMetadata with canUpdateOwnMetadata). Room lock.</summary>
    public string Name { get; internal set; }

    /// <summary>Metadata (as <see cref="Name"/>). Room lock.</summary>
    public string Metadata { get; internal set; }

    /// <summary>Attributes (as <see cref="Name"/>). Room lock.</summary>
    internal Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The room.</summary>
    public RtcRoom Room { get; }

    /// <summary>PA_ sid.</summary>
    public string Sid { get; }

    /// <summary>Identity from the token.</summary>
    public string Identity { get; }

    /// <summary>The validated connect request.</summary>
    public RtcConnectRequest Request { get; }

    /// <summary>The token's grants.</summary>
    public ClaimGrants Grants { get; }

    /// <summary>The video grant (permissions enforced here, never trusted to the client).</summary>
    public VideoGrant Video { get; internal set; }

    /// <summary>Join time, unix ms.</summary>
    public long JoinedAtMs { get; }

    /// <summary>Messages to send, in order; completed when the participant leaves.</summary>
    public ChannelReader<SignalResponse> Outgoing => _outgoing.Reader;

    /// <summary>False once the participant left.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>Why the participant left, once it did.</summary>
    public DisconnectReason LeaveReason { get; internal set; }

    internal uint Version { get; set; }
    internal ParticipantInfo.Types.State State { get; set; } = ParticipantInfo.Types.State.Joined;
    internal List<RtcTrack> Tracks { get; } = [];
    internal Dictionary<string, RtcTrack> PendingByCid { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, RtcSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>ParticipantInfo waiting for the next coalesced update, by sid (the latest version of each).</summary>
    internal Dictionary<string, ParticipantInfo> PendingUpdates { get; } = new(StringComparer.Ordinal);
    internal long LastUpdateSentMs { get; set; } = long.MinValue / 2;
    internal ITimer? UpdateTimer { get; set; }

    /// <summary>The publisher connection's current local ICE credentials (replaced when the client restarts ICE).</summary>
    internal IceCredentials PublisherIce { get; set; } = IceCredentials.Generate();

    /// <summary>The client's ICE ufrag in its last publisher offer: a new one is an ICE restart.</summary>
    internal string? PublisherRemoteUfrag { get; set; }
    /// <summary>The subscriber connection's current local ICE credentials (replaced by an ICE restart on resume).</summary>
    internal IceCredentials SubscriberIce { get; set; } = IceCredentials.Generate();

    /// <summary>Which WebSocket session owns the queue; a resume starts a new one.</summary>
    internal int Generation { get; private set; }

    /// <summary>The socket dropped without a leave: kept for a resume until <see cref="DetachTimer"/> fires.</summary>
    internal bool Detached { get; set; }
    internal ITimer? DetachTimer { get; set; }

    /// <summary>A resume: the old queue is completed (its writer ends), a new one starts empty. Room lock held.</summary>
    internal ChannelReader<SignalResponse> Reattach()
    {
        var old = _outgoing;
        _outgoing = NewQueue();
        Generation++;
        old.Writer.TryComplete();
        return _outgoing.Reader;
    }
    /// <summary>The last SyncState the client sent (after a resume), as received.</summary>
    public SyncState? LastSyncState { get; internal set; }

    /// <summary>SyncState messages received.</summary>
    public int SyncStates { get; internal set; }

    /// <summary>SyncStates refused because they named a published track the server does not know (the client rejoined).</summary>
    public int SyncStateMismatches { get; internal set; }

    internal SdpOfferBuilder? OfferBuilder { get; set; }
    internal Sfu.Core.Sdp.SessionDescription? OutstandingOffer { get; set; }
    internal List<RtcSubscription> OutstandingSubscriptions { get; } = [];
    internal bool OfferDirty { get; set; }
    internal uint OfferId { get; set; }
    internal ulong AnswerVersion { get; set; } = 1;
    internal bool PublisherCreated { get; set; }
    internal bool SubscriberCreated { get; set; }

    /// <summary>Routes the engine's packets to the two peer connections (shard thread).</summary>
    internal DualPeerSink Sink { get; } = new();

    /// <summary>The engine's participant (shard thread only).</summary>
    internal Participant? Engine { get; set; }

    internal WebRtcTransport? PublisherTransport { get; set; }
    internal WebRtcTransport? SubscriberTransport { get; set; }

    /// <summary>The server's <c>_reliable</c> and <c>_lossy</c> channels on the subscriber connection (shard thread).</summary>
    internal Sfu.Core.Sctp.DataChannels.DataChannel? SubscriberReliable { get; set; }
    internal Sfu.Core.Sctp.DataChannels.DataChannel? SubscriberLossy { get; set; }

    /// <summary>Highest reliable DataPacket sequence forwarded from this participant (shard thread).</summary>
    internal uint LastDataSequence { get; set; }

    /// <summary>A hidden participant (token grant): invisible to the others, never announced.</summary>
    public bool IsHidden => Video.Hidden;

    /// <summary>Whether the participant may subscribe (and so has a subscriber connection, primary).</summary>
    public bool CanSubscribe => Video.AllowsSubscribe;

    /// <summary>Queues a message for the WebSocket writer (any thread).</summary>
    public bool Send(SignalResponse response) => IsActive && _outgoing.Writer.TryWrite(response);

    /// <summary>Queues a last message even after leaving, then closes the queue.</summary>
    internal void SendFinal(SignalResponse? response)
    {
        if (response is not null) _outgoing.Writer.TryWrite(response);
        _outgoing.Writer.TryComplete();
    }

    /// <summary>The participant's info for others (a fresh object: it is serialized outside the lock).</summary>
    internal ParticipantInfo BuildInfo()
    {
        var info = new ParticipantInfo
        {
            Sid = Sid,
            Identity = Identity,
            Name = Name,
            Metadata = Metadata,
            State = State,
            JoinedAt = JoinedAtMs / 1000,
            JoinedAtMs = JoinedAtMs,
            Version = Version,
            Permission = Video.ToParticipantPermission(),
            Kind = Grants.ParticipantKind,
            IsPublisher = Tracks.Count > 0,
            ClientProtocol = Request.ClientInfo.ClientProtocol,
            DisconnectReason = LeaveReason,
        };
        foreach (var (k, v) in Attributes) info.Attributes[k] = v;
        foreach (var t in Tracks) if (t.IsPublished) info.Tracks.Add(t.Info.Clone());
        return info;
    }
}
