using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Configuration;
using Sfu.Server.Hosting;
using Sfu.Server.Tests.Configuration;

namespace Sfu.Server.Tests.Hosting;

/// <summary>The health check on a real Kestrel bound to 127.0.0.1.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private readonly HttpClient _http = new();
    private int _port;

    public async Task InitializeAsync()
    {
        _port = TestPorts.FreeTcp();
        var (config, diag) = ConfigHarness.Load(["--dev", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--udp-port", TestPorts.FreeUdp().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        _app = SfuHost.Build(config!, diag, useSignals: false);
        await _app.StartAsync();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_port}/");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Get_root_answers_200_OK()
    {
        using var r = await _http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("OK", await r.Content.ReadAsStringAsync());
        Assert.Equal("*", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Head_root_answers_200_without_body()
    {
        using var req = new HttpRequestMessage(HttpMethod.Head, "/");
        using var r = await _http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty(await r.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Draining_server_refuses_joins_with_503_and_reports_unhealthy()
    {
        var coordinator = _app.Services.GetRequiredService<ShutdownCoordinator>();
        var holder = new FakeRooms(1);
        coordinator.Register(holder);
        coordinator.OnSignal("SIGTERM", 143);
        Assert.True(coordinator.IsDraining);
        Assert.True(holder.DrainRequested);

        using var join = await _http.GetAsync(new Uri("/rtc?access_token=x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, join.StatusCode);
        Assert.Equal("server is shutting down", await join.Content.ReadAsStringAsync());
        using var health = await _http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        holder.Rooms = 0;
        await coordinator.Drained.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

internal sealed class FakeRooms(int rooms) : IDrainable
{
    public volatile int Rooms = rooms;
    public volatile bool DrainRequested;
    public void BeginDrain() => DrainRequested = true;
    public int ActiveRoomCount => Rooms;
}
