using Sfu.Core.Media;

namespace Sfu.Core.Tests.Simulation;

public class NackRecoveryTests
{
    [Theory]
    [InlineData(101, true)]
    [InlineData(202, false)]
    [InlineData(303, true)]
    public void Five_percent_loss_with_reordering_and_duplicates_leaves_no_gap(int seed, bool rtx)
    {
        var h = new SimHarness(seed);
        foreach (var n in new[] { h.Up, h.Down })
        {
            n.Loss = 0.05;
            n.Duplicate = 0.01;
            n.JitterMs = 15;
        }
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: seed + 1);
        var subs = new List<SimSubscriber>();
        for (var i = 0; i < 3; i++)
        {
            var sp = h.AddSubscriberParticipant("s" + i);
            subs.Add(h.Subscribe(sp, video, 0xA0u + (uint)i, rtx ? 0xB0u + (uint)i : 0).Subscriber);
        }
        h.Run(10_000);
        // Stop the sender and let the recovery finish.
        vpub.Paused = true;
        h.Run(13_000);

        Assert.True(h.Up.Lost > 50 && h.Down.Lost > 50, "the networks did lose packets");
        Assert.True(vpub.Retransmissions > 0, "the SFU NACKed the publisher");
        foreach (var s in subs)
        {
            Assert.Empty(s.ViolationLog);
            // Every lost packet was recovered (RTX or identical copy) or explicitly abandoned (filled with padding).
            var dts = video.DownTracks.First(d => d.Ssrc == s.Ssrc);
            Assert.True(s.Gaps().Count == 0, $"gaps {s.Gaps().Count} [{string.Join(",", s.Gaps().Take(10))}] first {s.First} highest {s.Highest} nacks {s.NacksSent} retrans {dts.Retransmitted} ignored {dts.NacksIgnored} fillers {dts.FillersSent} sub fillers {s.Fillers} rtx {s.RtxPackets}");
            Assert.True(s.MediaPackets > 800, $"media {s.MediaPackets}");
            if (rtx) Assert.True(s.RtxPackets > 0);
        }
        Assert.All(video.DownTracks, d => Assert.True(d.Retransmitted > 0));
    }

    [Fact]
    public void Upstream_losses_the_publisher_never_repairs_are_abandoned_and_filled_so_subscribers_stop_nacking()
    {
        var h = new SimHarness(404);
        h.Up.Loss = 0.05;
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: 405);
        vpub.AnswerNacks = false;
        var sp = h.AddSubscriberParticipant("s");
        var (dt, sub) = h.Subscribe(sp, video, 0xA0, 0xB0);
        h.Run(5000);
        vpub.Paused = true;
        h.Run(8000);

        Assert.True(vpub.NacksReceived > 0);
        Assert.True(dt.FillersSent > 10, $"fillers {dt.FillersSent}");
        Assert.Equal(dt.FillersSent, sub.Fillers);
        Assert.Empty(sub.Gaps());
        Assert.Empty(sub.ViolationLog);
    }
}
