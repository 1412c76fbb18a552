using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Relay;

namespace Sfu.Transport.Tests.Relay;

/// <summary>The relay against a plain echo socket: what arrives matches the configured impairment.</summary>
[Collection(SocketTests.Collection)]
public class ImpairmentRelayTests
{
    private sealed class Echo : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Thread _thread;
        private volatile bool _stop;

        public Echo()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _thread = new Thread(() =>
            {
                var buffer = new byte[2048];
                while (!_stop)
                {
                    if (!_socket.Poll(20_000, SelectMode.SelectRead)) continue;
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    var n = _socket.ReceiveFrom(buffer, ref from);
                    _socket.SendTo(buffer.AsSpan(0, n), from);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _socket.Dispose();
        }
    }

    private static List<int> SendAndCollect(ImpairmentRelay relay, int count, int quietMs = 400)
    {
        using var peer = new TestPeer();
        var got = new List<int>();
        // Receive while sending: the peer's socket buffer holds only a few hundred datagrams.
        var receiver = new Thread(() =>
        {
            while (peer.Receive(quietMs) is { } d) got.Add(BitConverter.ToInt32(d.Data));
        });
        receiver.Start();
        for (var i = 0; i < count; i++)
        {
            peer.Send(BitConverter.GetBytes(i), relay.FrontEndPoint);
            if (i % 8 == 0) Thread.Sleep(1); // paced: a loaded machine's receiver thread must keep up (loopback drops on a full buffer)
        }
        receiver.Join();
        return got;
    }

    [Fact]
    public void Without_impairment_everything_comes_back_in_order()
    {
        using var echo = new Echo();
        using var relay = new ImpairmentRelay(echo.EndPoint, ImpairmentOptions.None);
        var got = SendAndCollect(relay, 500);
        Assert.Equal(Enumerable.Range(0, 500), got);
    }

    [Fact]
    public void Loss_rate_is_close_to_the_configured_one_each_way()
    {
        using var echo = new Echo();
        using var relay = new ImpairmentRelay(echo.EndPoint, new ImpairmentOptions { LossRate = 0.05, Seed = 3 });
        var got = SendAndCollect(relay, 2000);
        var upLoss = relay.Upstream.Lost / 2000.0;
        Assert.InRange(upLoss, 0.03, 0.07);
        Assert.Equal(2000 - relay.Upstream.Lost - relay.Downstream.Lost, got.Count);
        Assert.True(got.SequenceEqual(got.Order()));
    }

    [Fact]
    public void Burst_loss_loses_runs_of_datagrams()
    {
        using var echo = new Echo();
        using var relay = new ImpairmentRelay(echo.EndPoint, new ImpairmentOptions { BurstStartProbability = 0.02, BurstEndProbability = 0.2, Seed = 5 }, ImpairmentOptions.None);
        var got = SendAndCollect(relay, 2000).ToHashSet();
        var runs = 0;
        var longest = 0;
        var current = 0;
        for (var i = 0; i < 2000; i++)
        {
            if (got.Contains(i))
            {
                if (current > 0) runs++;
                longest = Math.Max(longest, current);
                current = 0;
            }
            else current++;
        }
        Assert.True(relay.Upstream.Lost > 0);
        Assert.True(longest >= 3, $"longest run {longest}");
        Assert.True(relay.Upstream.Lost > runs, "bursts should lose more datagrams than they have runs");
    }

    [Fact]
    public void Duplication_and_reordering_show_up_at_the_receiver()
    {
        using var echo = new Echo();
        using var relay = new ImpairmentRelay(echo.EndPoint, new ImpairmentOptions { DuplicateRate = 0.1, ReorderRate = 0.1, Seed = 9 }, ImpairmentOptions.None);
        var got = SendAndCollect(relay, 500);
        Assert.True(got.Count > 500, "no duplicates arrived");
        Assert.False(got.SequenceEqual(got.Order()), "nothing was reordered");
        Assert.Equal(Enumerable.Range(0, 500), got.Distinct().Order());
    }

    [Fact]
    public void Delay_holds_every_datagram_back()
    {
        using var echo = new Echo();
        using var relay = new ImpairmentRelay(echo.EndPoint, new ImpairmentOptions { Delay = TimeSpan.FromMilliseconds(60) }, ImpairmentOptions.None);
        using var peer = new TestPeer();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        peer.Send([1], relay.FrontEndPoint);
        Assert.NotNull(peer.Receive(2000));
        Assert.True(watch.ElapsedMilliseconds >= 55, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Rate_limit_polices_what_exceeds_the_bucket()
    {
        using var echo = new Echo();
        var options = new ImpairmentOptions { RateLimitBytesPerSecond = 10_000, RateLimitBurstBytes = 10_000 };
        using var relay = new ImpairmentRelay(echo.EndPoint, options, ImpairmentOptions.None);
        using var peer = new TestPeer();
        var payload = new byte[1000];
        for (var i = 0; i < 100; i++) peer.Send(payload, relay.FrontEndPoint);
        var arrived = 0;
        while (peer.Receive(400) is not null) arrived++;
        Assert.InRange(arrived, 5, 40); // ~10 kB burst plus what refilled meanwhile, far below 100
        Assert.True(relay.Upstream.Policed >= 60);
    }
}
