using System.Text;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Twirp;

/// <summary>
/// LiveKit's RoomService (protocol <c>livekit_room.proto</c>, server <c>pkg/service/roomservice.go</c>) over the
/// room registry. Each method checks the caller's grant first (roomCreate for CreateRoom and DeleteRoom, roomList
/// for ListRooms, roomAdmin for the token's own room for the rest; a missing grant is Twirp
/// <c>unauthenticated</c> "permissions denied", as LiveKit answers), then its arguments, then acts.
/// </summary>
public sealed class RoomService(RtcRoomRegistry registry, RoomServiceOptions? options = null)
{
    private readonly RoomServiceOptions _options = options ?? new RoomServiceOptions();

    /// <summary>The options in force.</summary>
    public RoomServiceOptions Options => _options;

    /// <summary>A method's answer: a message, or a Twirp error.</summary>
    public readonly record struct Result(Google.Protobuf.IMessage? Message, TwirpError? Error)
    {
        /// <summary>Success.</summary>
        public static Result Ok(Google.Protobuf.IMessage message) => new(message, null);

        /// <summary>Failure.</summary>
        public static implicit operator Result(TwirpError error) => new(null, error);
    }

    /// <summary>CreateRoom: the room, created with the request's settings unless it already exists.</summary>
    public Result CreateRoom(VideoGrant? grant, CreateRoomRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (grant is not { RoomCreate: true }) return TwirpError.PermissionsDenied;
        if (req.Name.Length == 0) return TwirpError.InvalidArgument("name", "is required");
        if (TooLong(req.Name, _options.MaxRoomNameLength)) return TwirpError.InvalidArgument("name", "is too long");
        if (TooLong(req.Metadata, registry.Options.MaxMetadataSize)) return TwirpError.InvalidArgument("metadata", "exceeds the size limit");
        var room = registry.Create(req.Name, s =>
        {
            if (req.EmptyTimeout > 0) s.EmptyTimeout = TimeSpan.FromSeconds(req.EmptyTimeout);
            if (req.DepartureTimeout > 0) s.DepartureTimeout = TimeSpan.FromSeconds(req.DepartureTimeout);
            if (req.MaxParticipants > 0) s.MaxParticipants = (int)Math.Min(req.MaxParticipants, int.MaxValue);
            s.Metadata = req.Metadata;
        });
        return Result.Ok(room.Snapshot());
    }

    /// <summary>ListRooms: the open rooms (only the named ones when names are given).</summary>
    public Result ListRooms(VideoGrant? grant, ListRoomsRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (grant is not { RoomList: true }) return TwirpError.PermissionsDenied;
        var response = new ListRoomsResponse();
        foreach (var room in registry.List([.. req.Names])) response.Rooms.Add(room.Snapshot());
        return Result.Ok(response);
    }

    /// <summary>DeleteRoom: everyone is disconnected with ROOM_DELETED and the room closes.</summary>
    public Result DeleteRoom(VideoGrant? grant, DeleteRoomRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (grant is not { RoomCreate: true }) return TwirpError.PermissionsDenied;
        if (registry.Find(req.Room) is not { IsClosed: false } room) return TwirpError.RoomNotFound;
        room.Delete();
        return Result.Ok(new DeleteRoomResponse());
    }

    /// <summary>ListParticipants: everyone in the room, hidden participants included.</summary>
    public Result ListParticipants(VideoGrant? grant, ListParticipantsRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        var response = new ListParticipantsResponse();
        response.Participants.AddRange(room!.ListParticipantInfos());
        return Result.Ok(response);
    }

    /// <summary>GetParticipant.</summary>
    public Result GetParticipant(VideoGrant? grant, RoomParticipantIdentity req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        return room!.GetParticipantInfo(req.Identity) is { } info ? Result.Ok(info) : TwirpError.ParticipantNotFound;
    }

    /// <summary>RemoveParticipant: the client gets leave {PARTICIPANT_REMOVED}.</summary>
    public Result RemoveParticipant(VideoGrant? grant, RoomParticipantIdentity req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        return room!.RemoveParticipant(req.Identity) ? Result.Ok(new RemoveParticipantResponse()) : TwirpError.ParticipantNotFound;
    }

    /// <summary>MutePublishedTrack (unmuting needs room.enable_remote_unmute).</summary>
    public Result MutePublishedTrack(VideoGrant? grant, MuteRoomTrackRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        return room!.MutePublishedTrack(req.Identity, req.TrackSid, req.Muted, _options.EnableRemoteUnmute, out var track) switch
        {
            RtcAdminOutcome.Ok => Result.Ok(new MuteRoomTrackResponse { Track = track }),
            RtcAdminOutcome.ParticipantNotFound => TwirpError.ParticipantNotFound,
            RtcAdminOutcome.TrackNotFound => new TwirpError("not_found", "track is not found"),
            _ => new TwirpError("permission_denied", "remote unmute not enabled"),
        };
    }

    /// <summary>UpdateParticipant: metadata, name, attributes and permissions, within the configured limits.</summary>
    public Result UpdateParticipant(VideoGrant? grant, UpdateParticipantRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        if (RtcRoom.ExceededMetadataLimit(registry.Options, req.Metadata, req.Name, req.Attributes) is { } limit) return new TwirpError("invalid_argument", limit);
        var info = room!.UpdateParticipant(req.Identity, req.Metadata, req.Name, req.Attributes, req.Permission);
        return info is not null ? Result.Ok(info) : TwirpError.ParticipantNotFound;
    }

    /// <summary>UpdateSubscriptions on behalf of a participant.</summary>
    public Result UpdateSubscriptions(VideoGrant? grant, UpdateSubscriptionsRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        var sids = new List<string>(req.TrackSids);
        foreach (var pt in req.ParticipantTracks) sids.AddRange(pt.TrackSids);
        return room!.UpdateSubscriptions(req.Identity, sids, req.Subscribe) ? Result.Ok(new UpdateSubscriptionsResponse()) : TwirpError.ParticipantNotFound;
    }

    /// <summary>UpdateRoomMetadata: a RoomUpdate reaches everyone.</summary>
    public Result UpdateRoomMetadata(VideoGrant? grant, UpdateRoomMetadataRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        if (TooLong(req.Metadata, registry.Options.MaxMetadataSize)) return TwirpError.InvalidArgument("metadata", "exceeds the size limit");
        return Result.Ok(room!.UpdateRoomMetadata(req.Metadata));
    }

    /// <summary>SendData: a server DataPacket to the room's participants (or destination_identities) over their subscriber data channels.</summary>
    public Result SendData(VideoGrant? grant, SendDataRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (Admin(grant, req.Room, out var room) is { } error) return error;
        // LiveKit caps a data message at 64 KiB minus protocol overhead; the SCTP maximum message is 256 KiB.
        if (req.Data.Length > 65_536) return TwirpError.InvalidArgument("data", "exceeds 64 KiB");
        room!.SendData(req);
        return Result.Ok(new SendDataResponse());
    }

    // roomAdmin for the token's own room (LiveKit EnsureAdminPermission), then the room must exist.
    private TwirpError? Admin(VideoGrant? grant, string roomName, out RtcRoom? room)
    {
        room = null;
        if (grant is not { RoomAdmin: true } || grant.Room != roomName) return TwirpError.PermissionsDenied;
        room = registry.Find(roomName);
        return room is { IsClosed: false } ? null : TwirpError.RoomNotFound;
    }

    private static bool TooLong(string value, int limit) => limit > 0 && Encoding.UTF8.GetByteCount(value) > limit;
}
