using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// SyncState (livekit_rtc.proto; livekit-client sends it right after a resume): the client's view of its
    /// session. It is recorded on the participant, then reconciled as LiveKit's room does it:
    /// <list type="bullet">
    /// <item>a published track the server does not know (publish_tracks) cannot be resumed: the client gets
    /// leave {STATE_MISMATCH, RECONNECT} and joins afresh, republishing everything;</item>
    /// <item>subscription lists the tracks whose wanted state differs from auto-subscribe: applied as an
    /// UpdateSubscription (so a track unsubscribed before the drop stays unsubscribed);</item>
    /// <item>track_sids_disabled: those subscriptions are paused, as UpdateTrackSettings{disabled} would.</item>
    /// </list>
    /// The answer and offer fields describe the connections before the resume; the ICE restart offer that
    /// follows every resume renegotiates both, so they are recorded only. Data channel state has no use
    /// here (no data channels yet).
    /// </summary>
    private void OnSyncState(RtcParticipant p, SyncState state)
    {
        string? missing = null;
        lock (_gate)
        {
            if (!p.IsActive) return;
            p.LastSyncState = state.Clone();
            p.SyncStates++;
            foreach (var published in state.PublishTracks)
            {
                var sid = published.Track?.Sid ?? "";
                if (!p.Tracks.Exists(t => t.Sid == sid) && !p.PendingByCid.Values.Any(t => t.Sid == sid))
                {
                    missing = sid.Length > 0 ? sid : "(no track info) cid " + published.Cid;
                    break;
                }
            }
            if (missing is null)
            {
                if (state.Subscription is { } sub && (sub.TrackSids.Count > 0 || sub.ParticipantTracks.Count > 0))
                    OnUpdateSubscription(p, sub);
                if (state.TrackSidsDisabled.Count > 0)
                {
                    var disabled = new UpdateTrackSettings { Disabled = true };
                    disabled.TrackSids.AddRange(state.TrackSidsDisabled);
                    OnTrackSettings(p, disabled);
                }
            }
            else p.SyncStateMismatches++;
        }
        if (missing is not null) Leave(p, DisconnectReason.StateMismatch, tellClient: true, LeaveRequest.Types.Action.Reconnect);
    }
}
