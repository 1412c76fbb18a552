using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sfu.Server.Configuration;
using Sfu.Server.Media;
using Sfu.Transport.Diagnostics;

namespace Sfu.Server.Hosting;

/// <summary>
/// Builds the web host from a validated configuration: Kestrel on the configured addresses, logging,
/// graceful shutdown, the health check and (as the layers land) signaling, Twirp and metrics.
/// </summary>
public static class SfuHost
{
    /// <summary>The server's own version.</summary>
    public static string Version { get; } =
        typeof(SfuHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Builds the application. <paramref name="useSignals"/> installs the SIGTERM/SIGINT drain handling.</summary>
    public static WebApplication Build(SfuConfig config, ConfigDiagnostics diagnostics, bool useSignals = true, Action<int>? exit = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        builder.Logging.ClearProviders();
        if (config.Logging.Json)
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        else
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        builder.Logging.SetMinimumLevel(config.Logging.Level);
        // Framework chatter stays at warnings unless the operator asks for trace.
        builder.Logging.AddFilter("Microsoft", config.Logging.Level <= LogLevel.Trace ? LogLevel.Trace : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = config.Limit.MaxApiRequestBodySize;
            if (config.BindAddresses.Count == 0)
                k.ListenAnyIP(config.Port);
            else
                foreach (var a in config.BindAddresses) k.Listen(IPAddress.Parse(a), config.Port);
        });

        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(time ?? TimeProvider.System); // tests pass a FakeTimeProvider to drive room timeouts
        builder.Services.AddSingleton(sp => new ShutdownCoordinator(
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<ShutdownCoordinator>>(),
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(config.ShutdownTimeout),
            exit));
        if (useSignals) builder.Services.AddSingleton<IHostLifetime, SignalShutdownLifetime>();
        builder.Services.AddSingleton<MediaHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaHost>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var coordinator = app.Services.GetRequiredService<ShutdownCoordinator>();

        // While draining, new joins are refused before anything else looks at them.
        app.Use(async (context, next) =>
        {
            if (coordinator.IsDraining && context.Request.Path.StartsWithSegments("/rtc", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("server is shutting down").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });

        HealthEndpoints.Map(app, coordinator);
        app.MapSfuMetrics();
        LiveKitEndpoint.Map(app, config, app.Services.GetRequiredService<MediaHost>(), coordinator,
            app.Services.GetRequiredService<TimeProvider>(), app.Services.GetRequiredService<ILoggerFactory>());

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sfu.Server");
        if (config.EchoEndpoint)
            EchoEndpoint.Map(app, app.Services.GetRequiredService<MediaHost>(), config, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sfu.Server.Echo"));
        foreach (var w in diagnostics.AllWarnings()) ServerLog.ConfigWarning(log, w);
        app.Lifetime.ApplicationStarted.Register(() =>
            ServerLog.Started(log, Version, string.Join(", ", app.Urls), config.Rtc.EffectiveUdpPorts.ToString(), config.Development));
        return app;
    }
}
