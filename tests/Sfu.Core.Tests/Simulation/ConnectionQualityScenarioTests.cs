using Sfu.Core.Feedback;
using Sfu.Core.Media;

namespace Sfu.Core.Tests.Simulation;

public class ConnectionQualityScenarioTests
{
    private static (double Mos, ConnectionQualityLevel Level) Publish(double loss, int jitterMs, int seed)
    {
        var h = new SimHarness(seed);
        h.Up.Loss = loss;
        h.Up.JitterMs = jitterMs;
        var pubP = h.AddPublisherParticipant("alice");
        h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: seed + 1);
        h.Run(4000);
        return pubP.GetConnectionQuality(h.Clock.NowUs);
    }

    [Fact]
    public void A_clean_publisher_is_excellent_and_loss_with_jitter_lowers_its_score()
    {
        var clean = Publish(0, 0, 31);
        var lossy = Publish(0.08, 40, 32);
        Assert.Equal(ConnectionQualityLevel.Excellent, clean.Level);
        Assert.True(lossy.Mos < clean.Mos - 0.3, $"clean {clean.Mos:F2}, lossy {lossy.Mos:F2}");
        Assert.NotEqual(ConnectionQualityLevel.Excellent, lossy.Level);
    }

    [Fact]
    public void A_publisher_whose_media_stopped_is_lost()
    {
        var h = new SimHarness(33);
        var pubP = h.AddPublisherParticipant("alice");
        var (_, pub) = h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: 34);
        h.Run(1000);
        pub.Paused = true;
        h.Run(8000);
        Assert.Equal(ConnectionQualityLevel.Lost, pubP.GetConnectionQuality(h.Clock.NowUs).Level);
    }
}
