using Sfu.Core.Diagnostics;

namespace Sfu.Core.Srtp;

/// <summary>Maps <see cref="SrtpError"/> to the packet path's <see cref="PacketDropReason"/>.</summary>
public static class SrtpErrorExtensions
{
    /// <summary>The drop reason a shard counts for this SRTP error.</summary>
    public static PacketDropReason ToDropReason(this SrtpError error) => error switch
    {
        SrtpError.None => PacketDropReason.None,
        SrtpError.TooShort => PacketDropReason.TooShort,
        SrtpError.BadVersion => PacketDropReason.BadVersion,
        SrtpError.Malformed => PacketDropReason.Truncated,
        SrtpError.UnknownSsrc => PacketDropReason.UnknownSsrc,
        SrtpError.Replay => PacketDropReason.Replay,
        SrtpError.AuthFailed => PacketDropReason.AuthFailed,
        SrtpError.BufferTooSmall or SrtpError.IndexExhausted => PacketDropReason.Overflow,
        _ => PacketDropReason.Malformed,
    };
}
