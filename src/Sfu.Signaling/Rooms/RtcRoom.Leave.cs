using Sfu.Signaling.Protocol;
using Sfu.Transport.Peer;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// <paramref name="p"/> leaves: everyone else gets its DISCONNECTED info and loses its tracks (their
    /// sections go inactive in the next offer); its engine participant and both connections close on the
    /// shard. With <paramref name="tellClient"/> the client gets a leave (reason, action DISCONNECT or the
    /// given action) as its last message.
    /// </summary>
    public void Leave(RtcParticipant p, DisconnectReason reason, bool tellClient, LeaveRequest.Types.Action action = LeaveRequest.Types.Action.Disconnect)
    {
        ArgumentNullException.ThrowIfNull(p);
        bool empty;
        lock (_gate)
        {
            if (!p.IsActive) return;
            if (tellClient) p.Send(new SignalResponse { Leave = new LeaveRequest { Reason = reason, Action = action, CanReconnect = action != LeaveRequest.Types.Action.Disconnect } });
            p.IsActive = false;
            p.LeaveReason = reason;
            p.State = ParticipantInfo.Types.State.Disconnected;
            p.Version++;
            _participants.Remove(p);
            foreach (var t in p.Tracks) if (t.IsPublished) Notify(RtcRoomEvents.TrackUnpublished, p, t.Info);
            Notify(RtcRoomEvents.ParticipantLeft, p, null);
            _speakerDeltas.Remove(p.Sid);
            foreach (var sub in p.Subscriptions.Values) UpdateSubscribedQualities(sub.Track); // p no longer counts
            var info = p.BuildInfo();
            info.Tracks.Clear();
            foreach (var o in _participants)
            {
                var removed = false;
                foreach (var t in p.Tracks) removed |= o.Subscriptions.Remove(t.Sid) && (o.OfferBuilder?.RemoveTrack(t.Sid) ?? false);
                if (!p.IsHidden) SendUpdate(o, info);
                if (removed) SendOffer(o);
            }
            // Down-tracks of p's subscriptions close with the engine participant; those of its tracks with the unpublish.
            Shard.Post(s =>
            {
                if (p.Engine is { } engine)
                {
                    foreach (var d in engine.DownTracks) Selector.Remove(d);
                    foreach (var t in engine.PublishedTracks)
                        foreach (var d in t.DownTracks) Selector.Remove(d);
                    Engine.RemoveParticipant(engine, MediaClock.NowUs);
                }
                p.Sink.Publisher = null;
                p.Sink.Subscriber = null;
                DetachData(p);
                p.PublisherTransport?.Close();
                p.SubscriberTransport?.Close();
            });
            p.UpdateTimer?.Dispose();
            p.UpdateTimer = null;
            p.PendingUpdates.Clear();
            p.SendFinal(null);
            // The last one left: the room stays for room.departure_timeout (a rejoin finds it), then closes.
            if (_participants.Count == 0) ArmCloseTimer(_settings.DepartureTimeout);
            empty = _closed;
        }
        if (empty) _emptied(this);
    }

    /// <summary>Asks everyone to leave and reconnect elsewhere (server shutdown).</summary>
    public void Drain()
    {
        foreach (var p in Participants) Leave(p, DisconnectReason.ServerShutdown, tellClient: true, LeaveRequest.Types.Action.Reconnect);
    }
}
