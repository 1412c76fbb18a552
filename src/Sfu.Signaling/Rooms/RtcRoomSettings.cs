namespace Sfu.Signaling.Rooms;

/// <summary>
/// The per-room settings a room starts with (room.* configuration) and that RoomService CreateRoom may
/// override for one room: timeouts, participant limit and metadata. Guarded by the room's lock.
/// </summary>
public sealed class RtcRoomSettings
{
    /// <summary>Close a room nobody joined after this long (room.empty_timeout, CreateRoom empty_timeout).</summary>
    public TimeSpan EmptyTimeout { get; set; }

    /// <summary>Close a room this long after its last participant left (room.departure_timeout).</summary>
    public TimeSpan DepartureTimeout { get; set; }

    /// <summary>Participants at most; 0 means no limit (room.max_participants).</summary>
    public int MaxParticipants { get; set; }

    /// <summary>Room metadata (CreateRoom, UpdateRoomMetadata), sent in every Room info.</summary>
    public string Metadata { get; set; } = "";

    /// <summary>The settings configured for every room.</summary>
    public static RtcRoomSettings From(RtcSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RtcRoomSettings
        {
            EmptyTimeout = options.EmptyTimeout,
            DepartureTimeout = options.DepartureTimeout,
            MaxParticipants = options.MaxParticipants,
        };
    }
}
