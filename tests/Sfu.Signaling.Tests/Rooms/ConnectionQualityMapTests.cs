using Sfu.Core.Feedback;
using Sfu.Signaling.Rooms;
using ConnectionQuality = Sfu.Signaling.Protocol.ConnectionQuality;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>The engine's quality levels mapped onto LiveKit's differently numbered enum.</summary>
public sealed class ConnectionQualityMapTests
{
    [Theory]
    [InlineData(ConnectionQualityLevel.Excellent, ConnectionQuality.Excellent)]
    [InlineData(ConnectionQualityLevel.Good, ConnectionQuality.Good)]
    [InlineData(ConnectionQualityLevel.Poor, ConnectionQuality.Poor)]
    [InlineData(ConnectionQualityLevel.Lost, ConnectionQuality.Lost)]
    public void Each_engine_level_maps_to_the_LiveKit_level_of_the_same_name(ConnectionQualityLevel level, ConnectionQuality expected) =>
        Assert.Equal(expected, ConnectionQualityMap.ToProto(level));

    [Fact]
    public void The_score_is_the_MOS_clamped_to_one_to_five()
    {
        Assert.Equal(4.2f, ConnectionQualityMap.ToInfo("PA_a", 4.2, ConnectionQualityLevel.Excellent).Score, 3);
        Assert.Equal(1f, ConnectionQualityMap.ToInfo("PA_a", double.NaN, ConnectionQualityLevel.Lost).Score);
        Assert.Equal(5f, ConnectionQualityMap.ToInfo("PA_a", 9, ConnectionQualityLevel.Excellent).Score);
        Assert.Equal("PA_a", ConnectionQualityMap.ToInfo("PA_a", 3, ConnectionQualityLevel.Poor).ParticipantSid);
    }
}
