namespace Sfu.Core.Codecs;

/// <summary>How an H.264 RTP payload is packetized.</summary>
/// <remarks>RFC 6184 §5.2 (NAL unit type of the payload's first byte).</remarks>
public enum H264Packetization
{
    /// <summary>One NAL unit (types 1-23).</summary>
    SingleNalUnit,
    /// <summary>Single-time aggregation packet, STAP-A (type 24).</summary>
    StapA,
    /// <summary>Fragmentation unit, FU-A (type 28).</summary>
    FuA,
    /// <summary>A type this server does not interpret (STAP-B, MTAP, FU-B, reserved).</summary>
    Other,
}
