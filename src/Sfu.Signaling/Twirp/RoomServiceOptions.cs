namespace Sfu.Signaling.Twirp;

/// <summary>Limits and switches of the RoomService endpoint (from livekit.yaml room.* and limit.*).</summary>
public sealed class RoomServiceOptions
{
    /// <summary>limit.max_api_request_body_size: a larger request body is refused unread.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>room.enable_remote_unmute: MutePublishedTrack may unmute someone's track.</summary>
    public bool EnableRemoteUnmute { get; init; }

    /// <summary>limit.max_room_name_length (bytes); 0 means no limit.</summary>
    public int MaxRoomNameLength { get; init; } = 256;

    /// <summary>limit.max_metadata_size (bytes) for room and participant metadata; 0 means no limit.</summary>
    public int MaxMetadataSize { get; init; } = 64 * 1024;

    /// <summary>limit.max_participant_name_length (bytes); 0 means no limit.</summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>limit.max_attributes_size (bytes, keys and values); 0 means no limit.</summary>
    public int MaxAttributesSize { get; init; } = 64 * 1024;
}
