namespace Sfu.Signaling.Twirp;

/// <summary>
/// Limits and switches of the RoomService endpoint (livekit.yaml room.* and limit.*); the metadata, name and
/// attribute limits are the rooms' own (<see cref="Rooms.RtcSessionOptions"/>).
/// </summary>
public sealed class RoomServiceOptions
{
    /// <summary>limit.max_api_request_body_size: a larger request body is refused unread.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>room.enable_remote_unmute: MutePublishedTrack may unmute someone's track.</summary>
    public bool EnableRemoteUnmute { get; init; }

    /// <summary>limit.max_room_name_length (bytes); 0 means no limit.</summary>
    public int MaxRoomNameLength { get; init; } = 256;
}
