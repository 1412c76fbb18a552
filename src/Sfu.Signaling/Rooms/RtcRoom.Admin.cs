using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Peer;
using ProtoRoom = Sfu.Signaling.Protocol.Room;

namespace Sfu.Signaling.Rooms;

/// <summary>What a RoomService request on a participant or track came to.</summary>
public enum RtcAdminOutcome
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>No participant of that identity in the room.</summary>
    ParticipantNotFound,

    /// <summary>The participant has no track of that sid.</summary>
    TrackNotFound,

    /// <summary>Unmuting someone else's track is refused (LiveKit allows it only with room.enable_remote_unmute).</summary>
    RemoteUnmuteNotAllowed,
}

/// <summary>
/// The room operations behind LiveKit's RoomService (server <c>pkg/service/roomservice.go</c> and the room
/// manager): listing, removing, muting, permission and metadata changes, subscriptions and deletion. Each one
/// takes the room's lock, so it is ordered with the participants' own signal requests, and reaches the clients
/// through their queues as LiveKit's would (ParticipantUpdate, RoomUpdate, mute, track_unpublished, leave).
/// </summary>
public sealed partial class RtcRoom
{
    /// <summary>The room's info now (CreateRoom, ListRooms, UpdateRoomMetadata answers).</summary>
    public ProtoRoom Snapshot()
    {
        lock (_gate) return BuildRoomInfo();
    }

    /// <summary>Every participant, hidden ones included (an administrator sees them).</summary>
    public IReadOnlyList<ParticipantInfo> ListParticipantInfos()
    {
        lock (_gate) return [.. _participants.Select(p => p.BuildInfo())];
    }

    /// <summary>The participant of <paramref name="identity"/>, or null.</summary>
    public ParticipantInfo? GetParticipantInfo(string identity)
    {
        lock (_gate) return FindByIdentity(identity)?.BuildInfo();
    }

    /// <summary>RemoveParticipant: the client gets leave {PARTICIPANT_REMOVED, DISCONNECT}; false when absent.</summary>
    public bool RemoveParticipant(string identity)
    {
        RtcParticipant? p;
        lock (_gate) p = FindByIdentity(identity);
        if (p is null) return false;
        Leave(p, DisconnectReason.ParticipantRemoved, tellClient: true);
        return true;
    }

    /// <summary>UpdateRoomMetadata: stored, and a RoomUpdate goes to everyone.</summary>
    public ProtoRoom UpdateRoomMetadata(string metadata)
    {
        lock (_gate)
        {
            _settings.Metadata = metadata;
            var info = BuildRoomInfo();
            foreach (var p in _participants) p.Send(new SignalResponse { RoomUpdate = new RoomUpdate { Room = info.Clone() } });
            return info;
        }
    }

    /// <summary>
    /// MutePublishedTrack: the track is muted (forwarding stops, everyone sees it muted) and the publishing client
    /// is told to mute it locally. Unmuting a track of someone else needs <paramref name="allowRemoteUnmute"/>.
    /// </summary>
    public RtcAdminOutcome MutePublishedTrack(string identity, string trackSid, bool muted, bool allowRemoteUnmute, out TrackInfo? track)
    {
        track = null;
        lock (_gate)
        {
            var p = FindByIdentity(identity);
            if (p is null) return RtcAdminOutcome.ParticipantNotFound;
            var t = p.Tracks.FirstOrDefault(x => x.Sid == trackSid);
            if (t is null) return RtcAdminOutcome.TrackNotFound;
            if (!muted && !allowRemoteUnmute) return RtcAdminOutcome.RemoteUnmuteNotAllowed;
            if (t.Info.Muted != muted) p.Send(new SignalResponse { Mute = new MuteTrackRequest { Sid = trackSid, Muted = muted } });
            OnMute(p, trackSid, muted);
            track = t.Info.Clone();
            return RtcAdminOutcome.Ok;
        }
    }

    /// <summary>
    /// UpdateParticipant: metadata, name and attributes (empty values leave the current ones; an empty attribute
    /// value deletes the key) and, when given, new permissions. Permissions take effect at once: a revoked
    /// canSubscribe ends every subscription, a revoked canPublish (or source) unpublishes the tracks it no longer
    /// allows, and the participant and everyone else get a ParticipantUpdate with the new permission.
    /// </summary>
    public ParticipantInfo? UpdateParticipant(string identity, string metadata, string name, IReadOnlyDictionary<string, string> attributes, ParticipantPermission? permission)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        lock (_gate)
        {
            var p = FindByIdentity(identity);
            if (p is null) return null;
            if (metadata.Length > 0) p.Metadata = metadata;
            if (name.Length > 0) p.Name = name;
            foreach (var (k, v) in attributes)
            {
                if (v.Length == 0) p.Attributes.Remove(k);
                else p.Attributes[k] = v;
            }
            if (permission is not null) ApplyPermission(p, permission);
            Announce(p);
            SendUpdate(p, p.BuildInfo()); // the participant learns its new permissions and metadata too
            return p.BuildInfo();
        }
    }

    /// <summary>UpdateSubscriptions on behalf of a participant (as its own UpdateSubscription would); false when absent.</summary>
    public bool UpdateSubscriptions(string identity, IEnumerable<string> trackSids, bool subscribe)
    {
        ArgumentNullException.ThrowIfNull(trackSids);
        lock (_gate)
        {
            var p = FindByIdentity(identity);
            if (p is null) return false;
            var req = new UpdateSubscription { Subscribe = subscribe };
            req.TrackSids.AddRange(trackSids);
            OnUpdateSubscription(p, req);
            return true;
        }
    }

    /// <summary>DeleteRoom: everyone gets leave {ROOM_DELETED, DISCONNECT}, then the room closes at once.</summary>
    public void Delete()
    {
        foreach (var p in Participants) Leave(p, DisconnectReason.RoomDeleted, tellClient: true);
        lock (_gate)
        {
            if (!_closed) CloseLocked();
        }
        _emptied(this);
    }

    private RtcParticipant? FindByIdentity(string identity)
    {
        foreach (var p in _participants)
            if (p.Identity == identity) return p;
        return null;
    }

    /// <summary>Replaces <paramref name="p"/>'s grant with <paramref name="permission"/> and withdraws what it no longer allows. Lock held.</summary>
    private void ApplyPermission(RtcParticipant p, ParticipantPermission permission)
    {
        var sources = new List<string>();
        foreach (var s in permission.CanPublishSources) sources.Add(TrackSourceNames.ToName(s));
        p.Video = p.Video with
        {
            CanPublish = permission.CanPublish,
            CanSubscribe = permission.CanSubscribe,
            CanPublishData = permission.CanPublishData,
            CanPublishSources = sources,
            CanUpdateOwnMetadata = permission.CanUpdateMetadata,
            Hidden = permission.Hidden,
            CanSubscribeMetrics = permission.CanSubscribeMetrics,
        };

        if (!p.CanSubscribe && p.Subscriptions.Count > 0)
        {
            foreach (var sid in p.Subscriptions.Keys.ToList()) RemoveSubscription(p, sid);
            SendOffer(p);
        }

        foreach (var (cid, pending) in p.PendingByCid.ToList())
            if (!p.Video.AllowsPublishSource(pending.Info.Source)) p.PendingByCid.Remove(cid);
        foreach (var t in p.Tracks.ToList())
        {
            if (p.Video.AllowsPublishSource(t.Info.Source)) continue;
            // LiveKit unpublishes what the new permission no longer allows; the client is told so it stops sending.
            p.Tracks.Remove(t);
            Notify(RtcRoomEvents.TrackUnpublished, p, t.Info);
            foreach (var o in _participants)
                if (o != p && RemoveSubscription(o, t.Sid)) SendOffer(o);
            p.Send(new SignalResponse { TrackUnpublished = new TrackUnpublishedResponse { TrackSid = t.Sid } });
            Shard.Post(s =>
            {
                if (t.Engine is { } engineTrack)
                {
                    foreach (var d in engineTrack.DownTracks) Selector.Remove(d);
                    Engine.Unpublish(engineTrack, MediaClock.NowUs);
                }
                t.Engine = null;
            });
        }
    }
}
