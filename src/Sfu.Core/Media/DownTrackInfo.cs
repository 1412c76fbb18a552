using Sfu.Core.Rtp;

namespace Sfu.Core.Media;

/// <summary>
/// What a subscriber negotiated for one down-track: its own SSRC and RTX SSRC, mid, payload types and
/// extension ids. The engine maps every forwarded packet onto these, never leaking the publisher's values.
/// </summary>
public sealed class DownTrackInfo
{
    /// <summary>SSRC the SFU sends this track with (fixed for the down-track's lifetime).</summary>
    public required uint Ssrc { get; init; }

    /// <summary>RTX SSRC, or 0 when the subscriber negotiated no RTX.</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>The subscriber's mid for this m-line.</summary>
    public required string Mid { get; init; }

    /// <summary>Codecs as the subscriber negotiated them, matched to the publisher's by name and clock rate.</summary>
    public required IReadOnlyList<TrackCodec> Codecs { get; init; }

    /// <summary>Extension id to URI as negotiated with the subscriber.</summary>
    public required RtpHeaderExtensionMap Extensions { get; init; }

    /// <summary>The subscriber negotiated generic NACK (RFC 4585 §6.2.1).</summary>
    public bool Nack { get; init; }

    /// <summary>The subscriber's codec matching <paramref name="publisherCodec"/> by name and clock rate, or null.</summary>
    public TrackCodec? Match(TrackCodec publisherCodec)
    {
        ArgumentNullException.ThrowIfNull(publisherCodec);
        foreach (var c in Codecs)
        {
            if (c.ClockRate == publisherCodec.ClockRate && string.Equals(c.Name, publisherCodec.Name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        return null;
    }
}
