using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.Transport.Diagnostics;

/// <summary>Serves the Prometheus text at <c>/metrics</c>.</summary>
public static class MetricsEndpointExtensions
{
    /// <summary>
    /// Maps <c>GET /metrics</c> (or <paramref name="pattern"/>) to a <see cref="PrometheusExporter"/>: the one
    /// registered in DI if there is one, otherwise a new one listening to every <c>Sfu.*</c> meter.
    /// </summary>
    public static IEndpointConventionBuilder MapSfuMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetService<PrometheusExporter>() ?? new PrometheusExporter();
        return endpoints.MapGet(pattern, async context =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            await context.Response.WriteAsync(exporter.Collect(), context.RequestAborted).ConfigureAwait(false);
        });
    }
}
