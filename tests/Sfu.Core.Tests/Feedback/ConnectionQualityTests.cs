using Sfu.Core.Feedback;

namespace Sfu.Core.Tests.Feedback;

public class ConnectionQualityTests
{
    [Fact]
    public void Mos_falls_with_loss_jitter_and_rtt_and_maps_to_levels()
    {
        var clean = ConnectionQuality.Mos(0, 2, 30);
        Assert.True(clean > 4.1);
        Assert.Equal(ConnectionQualityLevel.Excellent, ConnectionQuality.Level(clean));
        Assert.True(ConnectionQuality.Mos(0.02, 2, 30) < clean);
        Assert.True(ConnectionQuality.Mos(0, 40, 30) < clean);
        Assert.True(ConnectionQuality.Mos(0, 2, 400) < clean);
        Assert.Equal(ConnectionQualityLevel.Poor, ConnectionQuality.Level(ConnectionQuality.Mos(0.15, 30, 300)));
        Assert.InRange(ConnectionQuality.Mos(1, 1000, 10_000), 1, 1.01);
    }
}
