using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sfu.Server.Hosting;

/// <summary>
/// LiveKit's health check: <c>GET /</c> and <c>HEAD /</c> answer 200 <c>OK</c> (livekit-client sends
/// <c>HEAD</c> to pre-warm the connection). While the server drains it answers 503 so load balancers stop
/// sending new clients.
/// </summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ShutdownCoordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext ctx) =>
        {
            ctx.Response.Headers.AccessControlAllowOrigin = "*";
            return coordinator.IsDraining
                ? Results.Text("Shutting down", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("OK", "text/plain");
        });
    }
}
