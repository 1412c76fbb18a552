using Sfu.Signaling.Protocol;
using ProtoRoom = Sfu.Signaling.Protocol.Room;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Hears what happens to rooms (the webhook notifier is one). Called under the room's lock, in the order the
/// room did things: an observer must only record or queue, never block or call back into the room.
/// </summary>
public interface IRtcRoomObserver
{
    /// <summary>
    /// One event: <paramref name="name"/> is a webhook event name (<see cref="RtcRoomEvents"/>); the
    /// participant and track are present where the event concerns them.
    /// </summary>
    void OnRoomEvent(string name, ProtoRoom room, ParticipantInfo? participant, TrackInfo? track);
}

/// <summary>The event names of LiveKit's webhooks (protocol <c>webhook/consts.go</c>).</summary>
public static class RtcRoomEvents
{
    /// <summary>A room was created (first join or CreateRoom).</summary>
    public const string RoomStarted = "room_started";

    /// <summary>A room closed (timeouts, DeleteRoom).</summary>
    public const string RoomFinished = "room_finished";

    /// <summary>A participant joined.</summary>
    public const string ParticipantJoined = "participant_joined";

    /// <summary>A participant left (any reason).</summary>
    public const string ParticipantLeft = "participant_left";

    /// <summary>A track was published (its media section negotiated).</summary>
    public const string TrackPublished = "track_published";

    /// <summary>A track was unpublished (its publisher left, or lost the permission).</summary>
    public const string TrackUnpublished = "track_unpublished";
}
