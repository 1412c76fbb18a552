using Sfu.Signaling.Http;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>LiveKit's refusal text when a room is full (pkg/rtc/errors.go ErrMaxParticipantsExceeded).</summary>
    public static string RoomFullMessage => HttpError.RoomFull.Message;

    private ITimer? _closeTimer;
    private bool _everJoined;

    /// <summary>True once a participant joined (empty_timeout no longer applies; departure_timeout does).</summary>
    public bool EverJoined
    {
        get { lock (_gate) return _everJoined; }
    }

    /// <summary>
    /// Whether a join of <paramref name="identity"/> would be refused for room.max_participants. A participant
    /// of the same identity does not count: the new one replaces it.
    /// </summary>
    public bool IsFullFor(string identity)
    {
        lock (_gate) return IsFullForLocked(identity);
    }

    private bool IsFullForLocked(string identity)
    {
        var max = _settings.MaxParticipants;
        if (max <= 0) return false;
        var others = 0;
        foreach (var p in _participants) if (p.Identity != identity) others++;
        return others >= max;
    }

    /// <summary>
    /// Arms the close timer: the room closes after <paramref name="timeout"/> unless someone joins first
    /// (room.empty_timeout for a room nobody joined, room.departure_timeout after the last one left). Lock held.
    /// </summary>
    private void ArmCloseTimer(TimeSpan timeout)
    {
        _closeTimer?.Dispose();
        _closeTimer = null;
        if (timeout <= TimeSpan.Zero)
        {
            // No grace: close now (the caller calls _emptied once out of the lock).
            CloseLocked();
            return;
        }
        _closeTimer = _options.Time.CreateTimer(static state => ((RtcRoom)state!).CloseIfEmpty(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    private void DisarmCloseTimer()
    {
        _closeTimer?.Dispose();
        _closeTimer = null;
    }

    private void CloseIfEmpty()
    {
        lock (_gate)
        {
            if (_closed || _participants.Count > 0) return;
            CloseLocked();
        }
        _emptied(this);
    }

    /// <summary>Closes the room: no more joins, timers stopped, the engine's ticker detached. Lock held.</summary>
    private void CloseLocked()
    {
        _closed = true;
        Notify(RtcRoomEvents.RoomFinished, null, null);
        _closeTimer?.Dispose();
        _closeTimer = null;
        _qualityTimer?.Dispose();
        Shard.Post(s => s.CloseSession(_ticker));
    }
}
