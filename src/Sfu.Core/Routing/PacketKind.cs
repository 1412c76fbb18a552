namespace Sfu.Core.Routing;

/// <summary>What a committed outgoing packet is, so the shard picks SRTP or SRTCP protection.</summary>
public enum PacketKind
{
    /// <summary>A plaintext RTP packet.</summary>
    Rtp,
    /// <summary>A plaintext (compound or reduced-size) RTCP packet.</summary>
    Rtcp,
}
