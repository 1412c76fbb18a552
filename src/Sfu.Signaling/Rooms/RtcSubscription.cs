using Sfu.Core.Routing;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// One track sent to one subscriber: its fixed SSRCs, its m-section on the subscriber connection, and
/// (shard thread only) the engine's down-track once the subscriber answered the offer carrying it.
/// </summary>
public sealed class RtcSubscription
{
    internal RtcSubscription(RtcTrack track, uint ssrc, uint? rtxSsrc, string mid)
    {
        Track = track;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        Mid = mid;
    }

    /// <summary>The published track.</summary>
    public RtcTrack Track { get; }

    /// <summary>The down-track's SSRC (a=ssrc of the offer).</summary>
    public uint Ssrc { get; }

    /// <summary>The RTX SSRC (FID group), or null.</summary>
    public uint? RtxSsrc { get; }

    /// <summary>The mid of its sendonly section.</summary>
    public string Mid { get; }

    /// <summary>Sent in an offer (the subscriber knows it).</summary>
    internal bool Offered { get; set; }

    /// <summary>The answer to an offer carrying it was applied (a down-track was requested).</summary>
    internal bool Bound { get; set; }

    /// <summary>UpdateTrackSettings.disabled.</summary>
    internal bool Disabled { get; set; }

    /// <summary>Highest VideoQuality the subscriber asked for (HIGH by default).</summary>
    internal int MaxQuality { get; set; } = SimulcastLayerSelector.High;

    /// <summary>UpdateTrackSettings.fps: the highest frame rate the subscriber asked for (0: any).</summary>
    internal uint MaxFps { get; set; }

    /// <summary>The engine's down-track (shard thread only).</summary>
    internal DownTrack? Engine { get; set; }
}
