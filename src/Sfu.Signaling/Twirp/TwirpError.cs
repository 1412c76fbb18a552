using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sfu.Signaling.Twirp;

/// <summary>
/// A Twirp error (twirp spec v7 "Errors"): a code from the fixed list, a message, and the HTTP status the spec
/// maps the code to. Written as <c>{"code":"...","msg":"..."}</c> with exactly <c>Content-Type:
/// application/json</c> (livekit-server-sdk reads the JSON only for that exact type).
/// </summary>
public readonly record struct TwirpError(string Code, string Message)
{
    /// <summary>The status twirp maps the code to.</summary>
    public int StatusCode => Code switch
    {
        "invalid_argument" or "malformed" or "out_of_range" => StatusCodes.Status400BadRequest,
        "unauthenticated" => StatusCodes.Status401Unauthorized,
        "permission_denied" => StatusCodes.Status403Forbidden,
        "not_found" or "bad_route" => StatusCodes.Status404NotFound,
        "canceled" or "deadline_exceeded" => StatusCodes.Status408RequestTimeout,
        "already_exists" or "aborted" => StatusCodes.Status409Conflict,
        "failed_precondition" => StatusCodes.Status412PreconditionFailed,
        "resource_exhausted" => StatusCodes.Status429TooManyRequests,
        "unimplemented" => StatusCodes.Status501NotImplemented,
        "unavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A missing grant, as LiveKit answers it (<c>twirpAuthError</c>).</summary>
    public static TwirpError PermissionsDenied { get; } = new("unauthenticated", "permissions denied");

    /// <summary>The room is unknown.</summary>
    public static TwirpError RoomNotFound { get; } = new("not_found", "requested room does not exist");

    /// <summary>No participant of that identity.</summary>
    public static TwirpError ParticipantNotFound { get; } = new("not_found", "participant does not exist");

    /// <summary>A request Twirp cannot route (unknown method, not POST, unknown content type).</summary>
    public static TwirpError BadRoute(string message) => new("bad_route", message);

    /// <summary>A body that does not decode.</summary>
    public static TwirpError Malformed(string message) => new("malformed", message);

    /// <summary>A field out of bounds.</summary>
    public static TwirpError InvalidArgument(string argument, string message) => new("invalid_argument", argument + " " + message);

    /// <summary>A method this server does not offer (yet).</summary>
    public static TwirpError Unimplemented(string message) => new("unimplemented", message);

    /// <summary>Writes the error as the response.</summary>
    public Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCode;
        response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["code"] = Code, ["msg"] = Message });
        return response.Body.WriteAsync(body).AsTask();
    }
}
