namespace Sfu.Signaling.Rooms;

/// <summary>Why <c>RtcRoom.Join</c> added no participant.</summary>
public enum RtcJoinRefusal
{
    /// <summary>Joined.</summary>
    None,

    /// <summary>The room closed meanwhile (its timeout fired): join the registry's new room of that name.</summary>
    RoomClosed,

    /// <summary>The room has <see cref="RtcSessionOptions.MaxParticipants"/> participants already.</summary>
    RoomFull,
}
