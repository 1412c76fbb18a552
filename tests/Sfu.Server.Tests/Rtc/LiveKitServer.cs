using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Sfu.Server.Hosting;
using Sfu.Server.Tests.Configuration;
using Sfu.Server.Tests.Hosting;

namespace Sfu.Server.Tests.Rtc;

/// <summary>The whole server in-process (SfuHost, --dev: devkey/secret) on free ports, for the LiveKit client suites.</summary>
internal sealed class LiveKitServer : IAsyncDisposable
{
    private LiveKitServer(WebApplication app, int httpPort, int udpPort)
    {
        App = app;
        HttpPort = httpPort;
        UdpPort = udpPort;
    }

    public WebApplication App { get; }
    public int HttpPort { get; }
    public int UdpPort { get; }
    public string WsUrl => $"ws://127.0.0.1:{HttpPort}";

    /// <summary>The LiveKit room registry of this server.</summary>
    public Sfu.Signaling.Rooms.RtcRoomRegistry Registry =>
        (Sfu.Signaling.Rooms.RtcRoomRegistry)((IApplicationBuilder)App).Properties[Sfu.Server.Media.LiveKitEndpoint.RegistryProperty]!;

    public static Task<LiveKitServer> StartAsync(params string[] extra) => StartAsync(null, extra);

    /// <summary>The server on <paramref name="time"/> (a FakeTimeProvider drives room timeouts), with extra arguments.</summary>
    public static async Task<LiveKitServer> StartAsync(TimeProvider? time, params string[] extra)
    {
        var http = TestPorts.FreeTcp();
        var udp = TestPorts.FreeUdp();
        var args = new List<string> { "--dev", "--port", http.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--udp-port", udp.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(extra);
        var (config, diag) = ConfigHarness.Load([.. args]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        var app = SfuHost.Build(config!, diag, useSignals: false, time: time);
        await app.StartAsync();
        return new LiveKitServer(app, http, udp);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
