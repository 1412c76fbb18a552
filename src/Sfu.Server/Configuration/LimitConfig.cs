namespace Sfu.Server.Configuration;

/// <summary>The <c>limit</c> section, with LiveKit's defaults. 0 or a negative number disables a count limit.</summary>
public sealed class LimitConfig
{
    public int NumTracks { get; set; }
    public long BytesPerSec { get; set; }
    public int SubscriptionLimitVideo { get; set; }
    public int SubscriptionLimitAudio { get; set; }
    public int MaxMetadataSize { get; set; } = 512 * 1024;
    public int MaxAttributesSize { get; set; } = 64 * 1024;
    public int MaxRoomNameLength { get; set; } = 256;
    public int MaxParticipantIdentityLength { get; set; } = 256;
    public int SignalMessageSizeLimit { get; set; } = 2 * 1024 * 1024;
    public long MaxApiRequestBodySize { get; set; } = 10 * 1024 * 1024;
}
