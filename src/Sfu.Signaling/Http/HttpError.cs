namespace Sfu.Signaling.Http;

/// <summary>
/// A refusal as LiveKit gives it on its rtc paths: an HTTP status and a plain-text body (server
/// <c>HandleError</c> writes <c>err.Error()</c>). Returned as a value, never thrown.
/// </summary>
/// <param name="StatusCode">401, 400, 404, 503...</param>
/// <param name="Message">The exact body text.</param>
public readonly record struct HttpError(int StatusCode, string Message)
{
    // Texts the SDKs and LiveKit's own tests know (server pkg/service/auth.go, errors.go; pkg/rtc/errors.go).

    /// <summary>An Authorization header that is not a Bearer one.</summary>
    public static HttpError MissingBearer { get; } = new(401, "invalid authorization header. Must start with Bearer ");

    /// <summary>A token that cannot be parsed at all.</summary>
    public static HttpError InvalidToken { get; } = new(401, "invalid authorization token");

    /// <summary>No token, or a token without a video grant (rtc.ErrPermissionDenied).</summary>
    public static HttpError NoPermissions { get; } = new(401, "no permissions to access the room");

    /// <summary>A video grant without roomJoin (service.ErrPermissionDenied).</summary>
    public static HttpError PermissionsDenied { get; } = new(401, "permissions denied");

    /// <summary>Neither sub nor jti.</summary>
    public static HttpError IdentityEmpty { get; } = new(400, "identity cannot be empty");

    /// <summary>No room in the token nor in the request.</summary>
    public static HttpError NoRoomName { get; } = new(400, "no room name");

    /// <summary>The room is unknown and auto-create is off (psrpc NotFound, mapped to 404).</summary>
    public static HttpError RoomNotFound { get; } = new(404, "requested room does not exist");

    /// <summary>room.max_participants reached (LiveKit pkg/rtc/errors.go ErrMaxParticipantsExceeded).</summary>
    public static HttpError RoomFull { get; } = new(403, "room has exceeded its max participants");

    /// <summary>The <c>attributes</c> parameter is not base64url JSON of a string map.</summary>
    public static HttpError CannotDecodeAttributes { get; } = new(400, "cannot decode attributes");

    /// <summary>A token signed for an API key this server does not know.</summary>
    public static HttpError InvalidApiKey(string apiKey) => new(401, "invalid API key: " + apiKey);

    /// <summary>A well-formed token that fails verification (signature, algorithm, time).</summary>
    public static HttpError TokenRejected(string reason) => new(401, "invalid authorization token: " + reason);

    /// <summary>The participant identity is longer than the configured limit (bytes).</summary>
    public static HttpError IdentityTooLong(int max) => new(400, "participant identity length exceeds limits: max length " + max.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The room name is longer than the configured limit (bytes).</summary>
    public static HttpError RoomNameTooLong(int max) => new(400, "room name length exceeds limits: max length " + max.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
