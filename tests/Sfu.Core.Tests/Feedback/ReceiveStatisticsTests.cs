using Sfu.Core.Feedback;

namespace Sfu.Core.Tests.Feedback;

public class ReceiveStatisticsTests
{
    [Fact]
    public void Jitter_follows_rfc3550_a8_and_loss_fraction_covers_the_report_interval()
    {
        var s = new ReceiveStatistics(90000);
        // Packets every 20 ms (1800 ticks) arriving alternately 0 and 2 ms late: |D| = 180 ticks each time.
        for (var i = 0; i < 200; i++) s.OnPacket(i, (uint)(i * 1800), i * 20_000L + (i % 2) * 2000, retransmitted: false);
        Assert.InRange(s.Jitter, 175, 181); // converges to |D| = 180
        Assert.InRange(s.JitterMs, 1.9, 2.02);
        var first = s.BuildReport(1, 4_000_000);
        Assert.Equal(0, first.FractionLost);
        // Next interval: 100 expected, 75 received.
        for (var i = 200; i < 300; i++) if (i % 4 != 0) s.OnPacket(i, (uint)(i * 1800), i * 20_000L, false);
        var r = s.BuildReport(1, 6_000_000);
        Assert.Equal(64, r.FractionLost); // 25% of 256
        Assert.Equal(25, r.CumulativeLost);
        Assert.Equal(299u, r.ExtendedHighestSequenceNumber);
        Assert.Equal(0u, r.LastSenderReport);

        s.OnSenderReport(0x0001_2345_6789_0000UL, 7_000_000);
        var withSr = s.BuildReport(1, 7_500_000);
        Assert.Equal(0x2345_6789u, withSr.LastSenderReport);
        Assert.Equal(NtpTime.ToCompact(500_000), withSr.DelaySinceLastSenderReport);
    }
}
