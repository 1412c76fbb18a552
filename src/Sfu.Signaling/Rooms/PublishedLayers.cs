using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The bridge between a publication's VideoLayer list (AddTrackRequest.layers: quality, width, height,
/// bitrate per encoding) and the simulcast rids of its SDP offer: which quality each rid carries, and the
/// layer list published back in TrackInfo.layers with each layer's rid, spatial index and SSRC where known.
/// </summary>
/// <remarks>
/// livekit-client names the encodings of a 1280x720 camera q, h, f (LOW, MEDIUM, HIGH) and those of a
/// 480-959 px capture q, h only, so its top layer is then h (MEDIUM); it sends the layer list without rids
/// and lists the encodings lowest first in its offer (RFC 8853 a=simulcast order). The mapping therefore
/// never reads a fixed q/h/f table:
/// <list type="number">
/// <item>a layer that names its rid (VideoLayer.rid, newer clients) gives that rid its quality;</item>
/// <item>the other rids, in offer order, take the remaining layers by rank (quality, then width, ascending);</item>
/// <item>rids left over (more encodings than layers) rank above every listed layer, in offer order.</item>
/// </list>
/// Control plane only (room lock held); the engine gets the result as <c>PublishedTrackInfo.LayerQualities</c>.
/// </remarks>
internal static class PublishedLayers
{
    /// <summary>The quality of each rid, aligned with <paramref name="rids"/> (empty when there are no rids).</summary>
    public static List<int> QualitiesFor(IReadOnlyList<string> rids, IReadOnlyList<VideoLayer> layers)
    {
        var result = new List<int>(rids.Count);
        if (rids.Count == 0) return result;
        var usable = layers.Where(l => l.Quality != VideoQuality.Off).ToList();
        var byRid = new Dictionary<string, VideoLayer>(StringComparer.Ordinal);
        foreach (var l in usable) if (l.Rid.Length > 0) byRid.TryAdd(l.Rid, l);
        var ranked = usable.Where(l => l.Rid.Length == 0 || !rids.Contains(l.Rid))
            .OrderBy(l => (int)l.Quality).ThenBy(l => l.Width).ToList();
        var next = 0;
        var top = usable.Count == 0 ? -1 : usable.Max(l => (int)l.Quality);
        foreach (var rid in rids)
        {
            if (byRid.TryGetValue(rid, out var named)) result.Add((int)named.Quality);
            else if (next < ranked.Count) result.Add((int)ranked[next++].Quality);
            else result.Add(++top);
        }
        return result;
    }

    /// <summary>
    /// The layer list for TrackInfo.layers: the publisher's layers, each completed with the rid that carries
    /// it, its spatial index (0 lowest) and its SSRC when the offer announced one (a=ssrc; rid streams are
    /// usually bound later from the rid header extension, so they stay 0 here, as in LiveKit's own answers
    /// before media flows).
    /// </summary>
    public static List<VideoLayer> Describe(IReadOnlyList<VideoLayer> layers, IReadOnlyList<string> rids, IReadOnlyList<int> qualities,
        IReadOnlyList<uint> ssrcs, IReadOnlyList<uint> rtxSsrcs)
    {
        var result = new List<VideoLayer>(layers.Count);
        var ordered = layers.OrderBy(l => (int)l.Quality).ThenBy(l => l.Width).ToList();
        for (var spatial = 0; spatial < ordered.Count; spatial++)
        {
            var layer = ordered[spatial].Clone();
            layer.SpatialLayer = spatial;
            var ridIndex = -1;
            for (var i = 0; i < qualities.Count; i++)
            {
                if (qualities[i] == (int)layer.Quality && (layer.Rid.Length == 0 || layer.Rid == rids[i]))
                {
                    ridIndex = i;
                    break;
                }
            }
            if (ridIndex >= 0) layer.Rid = rids[ridIndex];
            var ssrcIndex = ridIndex >= 0 ? ridIndex : rids.Count == 0 && spatial == ordered.Count - 1 ? 0 : -1;
            if (ssrcIndex >= 0 && ssrcIndex < ssrcs.Count) layer.Ssrc = ssrcs[ssrcIndex];
            if (ssrcIndex >= 0 && ssrcIndex < rtxSsrcs.Count) layer.RepairSsrc = rtxSsrcs[ssrcIndex];
            result.Add(layer);
        }
        return result;
    }
}
