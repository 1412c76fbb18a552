using Sfu.Core.Routing;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The room's <see cref="ILayerSelector"/> until issue 9's bandwidth-aware one: each down-track forwards the
/// highest live layer whose quality does not exceed what its subscriber asked for (UpdateTrackSettings
/// quality, or the layer matching its width), else the lowest live layer. A layer is live when its last
/// packet is within <see cref="LiveWindowUs"/> of the freshest layer of the track (no clock needed: the
/// engine stays sans-IO). The down-track itself switches only on a key frame of the new layer and asks
/// the publisher for one (PLI), so a change costs one key frame.
/// </summary>
/// <remarks>
/// Shard thread only (called per forwarded packet): no allocation, one dictionary lookup.
/// Qualities follow livekit-client's rids: q = LOW (0), h = MEDIUM (1), f = HIGH (2); other rids take their index.
/// </remarks>
public sealed class SimulcastLayerSelector : ILayerSelector
{
    /// <summary>Layers silent for longer than this (behind the freshest) are not chosen.</summary>
    public const long LiveWindowUs = 500_000;

    /// <summary>VideoQuality.HIGH: the default when the subscriber asked nothing.</summary>
    public const int High = 2;

    private readonly Dictionary<DownTrack, int> _maxQuality = [];

    /// <summary>Caps the quality <paramref name="downTrack"/> forwards (VideoQuality LOW 0, MEDIUM 1, HIGH 2).</summary>
    public void SetMaxQuality(DownTrack downTrack, int quality)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        _maxQuality[downTrack] = Math.Clamp(quality, 0, High);
    }

    /// <summary>Forgets a closed down-track.</summary>
    public void Remove(DownTrack downTrack)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        _maxQuality.Remove(downTrack);
    }

    /// <summary>Down-tracks with a quality cap (for tests).</summary>
    public int Count => _maxQuality.Count;

    /// <summary>The quality of a layer from its rid.</summary>
    public static int QualityOf(PublishedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Rid switch
        {
            "q" => 0,
            "h" => 1,
            "f" => 2,
            _ => layer.Index,
        };
    }

    /// <inheritdoc />
    public int SelectLayer(DownTrack downTrack, PublishedTrack track)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        ArgumentNullException.ThrowIfNull(track);
        var layers = track.Layers;
        var current = Math.Max(0, downTrack.CurrentLayer);
        if (layers.Count <= 1) return 0;
        var max = _maxQuality.TryGetValue(downTrack, out var q) ? q : High;
        var freshest = -1L;
        for (var i = 0; i < layers.Count; i++) freshest = Math.Max(freshest, layers[i].LastPacketUs);
        if (freshest < 0) return current;
        int best = -1, bestQuality = -1, lowest = -1, lowestQuality = int.MaxValue;
        for (var i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            if (l.LastPacketUs < 0 || freshest - l.LastPacketUs > LiveWindowUs) continue;
            var quality = QualityOf(l);
            if (quality < lowestQuality)
            {
                lowest = i;
                lowestQuality = quality;
            }
            if (quality <= max && quality > bestQuality)
            {
                best = i;
                bestQuality = quality;
            }
        }
        return best >= 0 ? best : lowest >= 0 ? lowest : current;
    }
}
