namespace Sfu.Signaling.Http;

/// <summary>Limits and room policy applied before the /rtc WebSocket upgrade (livekit.yaml <c>limit.*</c>, <c>room.auto_create</c>).</summary>
public sealed class RtcValidationOptions
{
    /// <summary><c>limit.max_participant_identity_length</c>, in UTF-8 bytes; 0 means no limit.</summary>
    public int MaxParticipantIdentityLength { get; init; } = 256;

    /// <summary><c>limit.max_room_name_length</c>, in UTF-8 bytes; 0 means no limit.</summary>
    public int MaxRoomNameLength { get; init; } = 256;

    /// <summary><c>limit.max_attributes_size</c>: total UTF-8 bytes of the <c>attributes</c> parameter's keys and values; 0 means no limit.</summary>
    public int MaxAttributesSize { get; init; } = 64 * 1024;

    /// <summary><c>room.auto_create</c>: when false, joining an unknown room is refused with 404 unless the token has roomCreate.</summary>
    public bool AutoCreateRooms { get; init; } = true;

    /// <summary>Whether a room exists; consulted only when <see cref="AutoCreateRooms"/> is false. Null means no room exists.</summary>
    public Func<string, bool>? RoomExists { get; init; }

    /// <summary>
    /// Whether room (first argument) has no place for identity (second) under <c>room.max_participants</c>
    /// (an identity already in the room takes its own place back). Null means no room is ever full.
    /// </summary>
    public Func<string, string, bool>? RoomIsFullFor { get; init; }
}
