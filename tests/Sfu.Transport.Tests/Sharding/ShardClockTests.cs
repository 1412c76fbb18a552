using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Transport.Tests.Sharding;

/// <summary>The shard in virtual time: its clock is the TimeProvider it was given, and one loop turn at a time is driven by the test.</summary>
public class ShardClockTests
{
    private sealed class TimerSession : IShardSession
    {
        public readonly List<long> Fired = [];
        public Shard? Shard;
        public void OnAttached(Shard shard, long nowMs)
        {
            Shard = shard;
            shard.ScheduleTimer(this, nowMs + 1000);
        }
        public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source) { }
        public void OnTimer(long nowMs)
        {
            Fired.Add(nowMs);
            Shard!.ScheduleTimer(this, nowMs + 1000);
        }
        public void OnDetached(long nowMs) { }
    }

    private static UdpTransport Create(TimeProvider time, int queueCapacity = 4096)
    {
        var options = new UdpTransportOptions { Port = 0, ShardCount = 1, SocketBufferBytes = 0, CommandQueueCapacity = queueCapacity };
        options.BindAddresses.Add(IPAddress.Loopback);
        return new UdpTransport(options, time);
    }

    [Fact]
    public void Session_timers_follow_the_time_provider_not_the_wall_clock()
    {
        var time = new FakeTimeProvider();
        using var transport = Create(time);
        var shard = transport.Shards[0];
        shard.StartManual();
        var session = new TimerSession();
        shard.AddSession(session);
        shard.RunOnce(0);
        time.Advance(TimeSpan.FromMilliseconds(999));
        shard.RunOnce(0);
        Assert.Empty(session.Fired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        shard.RunOnce(0);
        Assert.Equal([1000], session.Fired);
        time.Advance(TimeSpan.FromHours(1)); // one jump: the timer fires once, late, and re-arms from then
        shard.RunOnce(0);
        Assert.Equal([1000, 3_601_000], session.Fired);
    }

    [Fact]
    public void A_full_command_queue_refuses_instead_of_growing()
    {
        using var transport = Create(TimeProvider.System, queueCapacity: 8);
        var shard = transport.Shards[0]; // not started: nothing drains
        var accepted = 0;
        for (var i = 0; i < 100; i++) if (shard.Post(_ => { })) accepted++;
        Assert.Equal(8, accepted);
    }
}
