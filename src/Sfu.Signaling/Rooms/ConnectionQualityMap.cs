using Sfu.Core.Feedback;
using Sfu.Signaling.Protocol;
using ConnectionQuality = Sfu.Signaling.Protocol.ConnectionQuality;

namespace Sfu.Signaling.Rooms;

/// <summary>The engine's connection-quality verdict as LiveKit's ConnectionQualityInfo.</summary>
/// <remarks>
/// The two enums are numbered differently (LiveKit: POOR=0, GOOD=1, EXCELLENT=2, LOST=3), so the mapping is
/// explicit. The score is the engine's MOS (1..4.5, ITU-T G.107 E-model), as LiveKit reports it.
/// </remarks>
public static class ConnectionQualityMap
{
    /// <summary>LiveKit's quality for an engine level.</summary>
    public static ConnectionQuality ToProto(ConnectionQualityLevel level) => level switch
    {
        ConnectionQualityLevel.Excellent => ConnectionQuality.Excellent,
        ConnectionQualityLevel.Good => ConnectionQuality.Good,
        ConnectionQualityLevel.Poor => ConnectionQuality.Poor,
        _ => ConnectionQuality.Lost,
    };

    /// <summary>One participant's entry of a ConnectionQualityUpdate.</summary>
    public static ConnectionQualityInfo ToInfo(string participantSid, double mos, ConnectionQualityLevel level) => new()
    {
        ParticipantSid = participantSid,
        Quality = ToProto(level),
        Score = (float)Math.Clamp(double.IsNaN(mos) ? 1 : mos, 1, 5),
    };
}
