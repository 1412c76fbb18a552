using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sfu.Signaling.Http;

/// <summary>
/// Maps LiveKit's pre-upgrade rtc endpoints (server <c>pkg/service/rtcservice.go</c> <c>SetupRoutes</c>):
/// <c>/rtc/validate</c>, the v1 paths answered so that both SDKs fall back to v0, and the non-WebSocket
/// answer of <c>/rtc</c>.
/// </summary>
public static class RtcEndpointRouteBuilderExtensions
{
    /// <summary>Body of the v1 404s. It must not contain "requested room does not exist", or the JS SDK reports NotAllowed instead of falling back.</summary>
    public const string V1NotSupportedText = "v1 rtc path not supported by this server, use /rtc";

    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>
    /// Maps <c>/rtc/validate</c>, <c>/rtc/v1</c>, <c>/rtc/v1/validate</c> and <c>/rtc</c>. Every answer carries
    /// <c>Access-Control-Allow-Origin: *</c> so a browser's fetch can read it (the JS SDK's v1 to v0 fallback
    /// depends on reading the 404). <paramref name="webSocketHandler"/> serves WebSocket upgrades of
    /// <c>/rtc</c>; other requests to <c>/rtc</c> get a bare 404, as in LiveKit.
    /// </summary>
    public static IEndpointRouteBuilder MapLiveKitRtcValidation(this IEndpointRouteBuilder endpoints, RtcConnectValidator validator, RequestDelegate? webSocketHandler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(validator);

        endpoints.Map("/rtc/validate", async context =>
        {
            AllowAnyOrigin(context.Response);
            if (Preflight(context)) return;
            var result = await validator.ValidateAsync(context.Request, strict: true, context.RequestAborted).ConfigureAwait(false);
            if (result.IsValid) await WriteText(context.Response, StatusCodes.Status200OK, "success").ConfigureAwait(false);
            else await WriteError(context.Response, result.Error).ConfigureAwait(false);
        });

        // Single-PC (v1) is not implemented: 404 on the upgrade makes rtc-node/Rust fall back, 404 on validate makes JS fall back.
        RequestDelegate v1 = async context =>
        {
            AllowAnyOrigin(context.Response);
            if (Preflight(context)) return;
            await WriteText(context.Response, StatusCodes.Status404NotFound, V1NotSupportedText).ConfigureAwait(false);
        };
        endpoints.Map("/rtc/v1", v1);
        endpoints.Map("/rtc/v1/validate", v1);

        endpoints.Map("/rtc", context =>
        {
            if (context.WebSockets.IsWebSocketRequest && webSocketHandler is not null) return webSocketHandler(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return endpoints;
    }

    /// <summary>Writes a refusal as LiveKit's <c>HandleError</c> does: the status and the text as a plain body.</summary>
    public static Task WriteError(HttpResponse response, HttpError error)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WriteText(response, error.StatusCode, error.Message);
    }

    private static Task WriteText(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = PlainText;
        return response.WriteAsync(text);
    }

    private static void AllowAnyOrigin(HttpResponse response) => response.Headers.AccessControlAllowOrigin = "*";

    private static bool Preflight(HttpContext context)
    {
        if (!HttpMethods.IsOptions(context.Request.Method)) return false;
        // CORS preflight (Fetch standard): the Rust SDK's Authorization header would trigger one from a browser page.
        context.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }
}
