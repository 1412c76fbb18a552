using Sfu.Core.Feedback;

namespace Sfu.Core.Tests.Feedback;

public class NackGeneratorTests
{
    [Fact]
    public void Gaps_are_requested_then_retried_per_rtt_and_abandoned_after_the_retry_limit()
    {
        var g = new NackGenerator();
        Span<long> ab = stackalloc long[16];
        Span<long> due = stackalloc long[16];
        Assert.Equal(PacketArrival.InOrder, g.OnPacket(100, 0, ab, out _));
        Assert.Equal(PacketArrival.InOrder, g.OnPacket(104, 0, ab, out _));
        Assert.Equal(3, g.MissingCount);
        Assert.Equal(PacketArrival.Late, g.OnPacket(102, 1000, ab, out _));
        Assert.Equal(PacketArrival.Duplicate, g.OnPacket(102, 2000, ab, out _));
        Assert.Equal(PacketArrival.Duplicate, g.OnPacket(104, 2000, ab, out _));

        Assert.Equal(2, g.Poll(10_000, 50, due, ab, out var abandoned));
        Assert.Equal(new long[] { 101, 103 }, due[..2].ToArray());
        Assert.Equal(0, g.Poll(40_000, 50, due, ab, out _)); // within the RTT
        Assert.Equal(2, g.Poll(60_000, 50, due, ab, out _));
        var t = 60_000L;
        for (var i = 2; i < NackGenerator.MaxRetries; i++) g.Poll(t += 60_000, 50, due, ab, out _);
        Assert.Equal(0, g.Poll(t += 60_000, 50, due, ab, out abandoned));
        Assert.Equal(2, abandoned);
        Assert.Equal(0, g.MissingCount);
        Assert.Equal(0, abandoned - 2);
    }

    [Fact]
    public void Packets_older_than_the_window_are_too_old_and_large_bursts_abandon_the_oldest()
    {
        var g = new NackGenerator();
        Span<long> ab = stackalloc long[NackGenerator.MaxMissing];
        g.OnPacket(0, 0, ab, out _);
        g.OnPacket(NackGenerator.MaxMissing + 10, 0, ab, out var count);
        Assert.Equal(NackGenerator.MaxMissing, g.MissingCount);
        g.OnPacket(NackGenerator.MaxMissing + 20, 0, ab, out count);
        Assert.Equal(9, count);
        g.OnPacket(NackGenerator.WindowSize * 3, 0, ab, out _);
        Assert.Equal(PacketArrival.TooOld, g.OnPacket(5, 0, ab, out _));
        Assert.False(g.WasReceived(5));
        Assert.True(g.WasReceived(NackGenerator.WindowSize * 3));
    }
}
