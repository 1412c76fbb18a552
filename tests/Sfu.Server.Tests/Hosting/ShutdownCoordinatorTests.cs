using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Sfu.Server.Hosting;

namespace Sfu.Server.Tests.Hosting;

public class ShutdownCoordinatorTests
{
    private readonly IHostApplicationLifetime _lifetime = Substitute.For<IHostApplicationLifetime>();
    private readonly FakeTimeProvider _time = new();
    private readonly List<int> _exits = [];

    private ShutdownCoordinator Create(int timeoutSeconds = 30) =>
        new(_lifetime, NullLogger<ShutdownCoordinator>.Instance, _time, TimeSpan.FromSeconds(timeoutSeconds), _exits.Add);

    [Fact]
    public async Task First_signal_drains_and_stops_when_rooms_are_empty()
    {
        var c = Create();
        var rooms = new FakeRooms(2);
        c.Register(rooms);
        c.OnSignal("SIGTERM", 143);
        Assert.True(c.IsDraining);
        await WaitUntil(() => rooms.DrainRequested);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(c.Drained.IsCompleted);
        _lifetime.DidNotReceive().StopApplication();
        rooms.Rooms = 0;
        await AdvanceUntil(c.Drained);
        _lifetime.Received(1).StopApplication();
        Assert.Empty(_exits);
    }

    [Fact]
    public async Task Drain_stops_at_the_shutdown_timeout_with_rooms_still_open()
    {
        var c = Create(timeoutSeconds: 5);
        c.Register(new FakeRooms(1));
        c.OnSignal("SIGTERM", 143);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(c.Drained.IsCompleted);
        await AdvanceUntil(c.Drained);
        Assert.True(_time.GetUtcNow() - _time.Start >= TimeSpan.FromSeconds(5));
        _lifetime.Received(1).StopApplication();
    }

    [Fact]
    public void Second_signal_exits_at_once_with_128_plus_signal()
    {
        var c = Create();
        c.Register(new FakeRooms(1));
        c.OnSignal("SIGINT", 130);
        Assert.Empty(_exits);
        _time.Advance(TimeSpan.FromSeconds(1));
        c.OnSignal("SIGINT", 130);
        Assert.Equal([130], _exits);
    }

    [Fact]
    public void A_signal_repeated_within_500_ms_is_the_same_request_not_a_second_one()
    {
        var c = Create();
        c.Register(new FakeRooms(1));
        c.OnSignal("SIGINT", 130);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        c.OnSignal("SIGINT", 130); // forwarded by a launcher such as dotnet run
        Assert.Empty(_exits);
        Assert.True(c.IsDraining);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        c.OnSignal("SIGTERM", 143);
        Assert.Equal([143], _exits);
    }

    [Fact]
    public async Task With_no_rooms_the_first_signal_stops_promptly()
    {
        var c = Create();
        c.OnSignal("SIGTERM", 143);
        await c.Drained.WaitAsync(TimeSpan.FromSeconds(60));
        _lifetime.Received(1).StopApplication();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++) await Task.Delay(5);
        Assert.True(condition());
    }

    private async Task AdvanceUntil(Task task)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }
        Assert.True(task.IsCompleted, "drain did not finish");
    }
}
