using Sfu.Core.Media;

namespace Sfu.Core.Tests.Simulation;

public class PliThrottlingTests
{
    [Fact]
    public void Many_subscribers_asking_for_key_frames_cost_the_publisher_at_most_one_PLI_per_500_ms()
    {
        var h = new SimHarness(7);
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: 8);
        var subs = new List<(Sfu.Core.Routing.Participant P, SimSubscriber S)>();
        for (var i = 0; i < 10; i++)
        {
            var p = h.AddSubscriberParticipant("s" + i);
            subs.Add((p, h.Subscribe(p, video, 0xA0u + (uint)i).Subscriber));
        }
        h.Run(500);
        // Every subscriber sends a PLI every 50 ms for 3 s.
        for (var t = 550; t <= 3500; t += 50)
        {
            foreach (var (p, s) in subs) h.SendUp(p, SimRtcp.Pli(0xABCD, s.Ssrc));
            h.Run(t);
        }
        h.Run(4000);

        var times = vpub.PliTimesUs;
        Assert.InRange(times.Count, 5, 8); // ~3 s / 500 ms, plus the initial subscribe
        for (var i = 1; i < times.Count; i++) Assert.True(times[i] - times[i - 1] >= 490_000, $"PLIs {times[i - 1]} and {times[i]} too close");
        Assert.True(video.Layers[0].KeyframeThrottle.Suppressed > 500);
        Assert.All(subs, s => Assert.Empty(s.S.Gaps()));
    }
}
