using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Twirp;

/// <summary>
/// <c>POST /twirp/livekit.RoomService/&lt;Method&gt;</c> (Twirp v7 routing). The token comes from
/// <c>Authorization: Bearer</c>; a token that does not verify is refused before Twirp with LiveKit's plain-text
/// 401 (its auth middleware), no token at all reaches the method without grants (Twirp "permissions denied").
/// </summary>
public static class RoomServiceEndpoint
{
    /// <summary>The Twirp path prefix of the service.</summary>
    public const string Prefix = "/twirp/livekit.RoomService/";

    private delegate Task<RoomService.Result> Method(HttpRequest request, bool json, VideoGrant? grant, CancellationToken cancellationToken);

    /// <summary>Maps the service's routes.</summary>
    public static IEndpointRouteBuilder MapLiveKitRoomService(this IEndpointRouteBuilder endpoints, RoomService service, AccessTokenVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(verifier);
        var max = service.Options.MaxRequestBytes;
        var methods = new Dictionary<string, Method>(StringComparer.Ordinal)
        {
            ["CreateRoom"] = Bind(CreateRoomRequest.Parser, service.CreateRoom, max),
            ["ListRooms"] = Bind(ListRoomsRequest.Parser, service.ListRooms, max),
            ["DeleteRoom"] = Bind(DeleteRoomRequest.Parser, service.DeleteRoom, max),
            ["ListParticipants"] = Bind(ListParticipantsRequest.Parser, service.ListParticipants, max),
            ["GetParticipant"] = Bind(RoomParticipantIdentity.Parser, service.GetParticipant, max),
            ["RemoveParticipant"] = Bind(RoomParticipantIdentity.Parser, service.RemoveParticipant, max),
            ["MutePublishedTrack"] = Bind(MuteRoomTrackRequest.Parser, service.MutePublishedTrack, max),
            ["UpdateParticipant"] = Bind(UpdateParticipantRequest.Parser, service.UpdateParticipant, max),
            ["UpdateSubscriptions"] = Bind(UpdateSubscriptionsRequest.Parser, service.UpdateSubscriptions, max),
            ["SendData"] = Bind(SendDataRequest.Parser, service.SendData, max),
            ["UpdateRoomMetadata"] = Bind(UpdateRoomMetadataRequest.Parser, service.UpdateRoomMetadata, max),
        };
        endpoints.Map(Prefix + "{method}", async context =>
        {
            var name = (string?)context.Request.RouteValues["method"] ?? "";
            var result = await HandleAsync(context, name, methods, verifier).ConfigureAwait(false);
            if (result.Error is { } error) await error.WriteAsync(context.Response).ConfigureAwait(false);
        });
        return endpoints;
    }

    private static async Task<RoomService.Result> HandleAsync(HttpContext context, string name, Dictionary<string, Method> methods, AccessTokenVerifier verifier)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)) return TwirpError.BadRoute($"unsupported method {request.Method} (only POST is allowed)");
        if (!methods.TryGetValue(name, out var method))
        {
            return name is "ForwardParticipant" or "MoveParticipant" or "PerformRpc"
                ? TwirpError.Unimplemented(name + " is not supported by this server")
                : TwirpError.BadRoute("no handler for path " + request.Path);
        }
        if (TwirpCodec.IsJson(request) is not { } json) return TwirpError.BadRoute($"unexpected Content-Type: \"{request.ContentType}\"");

        VideoGrant? grant = null;
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            const string Bearer = "Bearer ";
            var verification = header.StartsWith(Bearer, StringComparison.Ordinal) ? verifier.Verify(header[Bearer.Length..]) : TokenVerification.Failure(HttpError.MissingBearer);
            if (!verification.IsValid)
            {
                // LiveKit's auth middleware answers before Twirp: plain text, not a Twirp error.
                await RtcEndpointRouteBuilderExtensions.WriteError(context.Response, verification.Error).ConfigureAwait(false);
                return default;
            }
            grant = verification.Grants!.Video;
        }
        var result = await method(request, json, grant, context.RequestAborted).ConfigureAwait(false);
        if (result.Message is { } message) await TwirpCodec.WriteAsync(context.Response, message, json).ConfigureAwait(false);
        return result;
    }

    private static Method Bind<T>(MessageParser<T> parser, Func<VideoGrant?, T, RoomService.Result> handler, long maxBytes)
        where T : IMessage<T>, new() =>
        async (request, json, grant, cancellationToken) =>
        {
            var (message, error) = await TwirpCodec.ReadAsync(request, json, parser, maxBytes, cancellationToken).ConfigureAwait(false);
            return error is { } e ? e : handler(grant, message!);
        };
}
