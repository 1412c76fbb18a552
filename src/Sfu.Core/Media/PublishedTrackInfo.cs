using Sfu.Core.Rtp;

namespace Sfu.Core.Media;

/// <summary>
/// What the engine needs to know about a track a participant publishes, in plain form: the signaling layer
/// adapts its SDP model into this (the engine does not depend on SDP).
/// </summary>
/// <remarks>
/// SSRCs come from a=ssrc / a=ssrc-group:FID when the offer has them (<see cref="Ssrcs"/>,
/// <see cref="RtxSsrcs"/>, index-aligned with <see cref="Rids"/> for simulcast); otherwise they are learnt
/// from the mid, rid and repaired-rid header extensions (RFC 8843 §15, RFC 8852).
/// </remarks>
public sealed class PublishedTrackInfo
{
    /// <summary>Track id as signaled (e.g. LiveKit's TR_...).</summary>
    public required string TrackId { get; init; }

    /// <summary>Audio or video.</summary>
    public required MediaKind Kind { get; init; }

    /// <summary>The m-line's mid on the publisher transport.</summary>
    public required string Mid { get; init; }

    /// <summary>Negotiated codecs (payload type, name, clock rate, RTX payload type).</summary>
    public required IReadOnlyList<TrackCodec> Codecs { get; init; }

    /// <summary>Header extension id to URI as negotiated with the publisher.</summary>
    public required RtpHeaderExtensionMap Extensions { get; init; }

    /// <summary>Media SSRCs from a=ssrc (empty when they must be learnt).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>RTX SSRCs from a=ssrc-group:FID, aligned with <see cref="Ssrcs"/> (0 when none).</summary>
    public IReadOnlyList<uint> RtxSsrcs { get; init; } = [];

    /// <summary>Simulcast rids in the offer's order (empty for a single stream).</summary>
    public IReadOnlyList<string> Rids { get; init; } = [];

    /// <summary>
    /// Quality of each rid, aligned with <see cref="Rids"/> (the signaling layer's published layer list, e.g.
    /// VideoQuality LOW 0, MEDIUM 1, HIGH 2). Empty: the offer's order, lowest first, as livekit-client and
    /// Chromium list their encodings. Rids are never mapped through a fixed q/h/f table: a two-layer
    /// publication names its top layer h.
    /// </summary>
    public IReadOnlyList<int> LayerQualities { get; init; } = [];

    /// <summary>
    /// The publisher encrypts its frames end to end (LiveKit TrackInfo.encryption other than NONE: insertable
    /// streams, keys the server never has). Key-frame and layer decisions then read RTP metadata only: header
    /// extensions (the dependency descriptor when negotiated) and the payload-format descriptors the packetizer
    /// writes around the encrypted frame (docs/rtp-rewriting.md, "End-to-end encrypted tracks").
    /// </summary>
    public bool EndToEndEncrypted { get; init; }

    /// <summary>a=rtcp-fb nack was negotiated: the engine NACKs losses towards the publisher.</summary>
    public bool Nack { get; init; }

    /// <summary>a=rtcp-fb nack pli was negotiated.</summary>
    public bool Pli { get; init; }

    /// <summary>a=rtcp-fb ccm fir was negotiated (used when PLI is not).</summary>
    public bool Fir { get; init; }

    /// <summary>a=rtcp-fb goog-remb was negotiated.</summary>
    public bool Remb { get; init; }

    /// <summary>The codec with this payload type, or null.</summary>
    public TrackCodec? FindCodec(byte payloadType)
    {
        // Indexed loop: enumerating an IReadOnlyList allocates, and this runs per packet.
        for (var i = 0; i < Codecs.Count; i++) if (Codecs[i].PayloadType == payloadType) return Codecs[i];
        return null;
    }

    /// <summary>The codec whose RTX payload type is <paramref name="rtxPayloadType"/>, or null.</summary>
    public TrackCodec? FindByRtxPayloadType(byte rtxPayloadType)
    {
        for (var i = 0; i < Codecs.Count; i++) if (Codecs[i].RtxPayloadType != 0 && Codecs[i].RtxPayloadType == rtxPayloadType) return Codecs[i];
        return null;
    }
}
