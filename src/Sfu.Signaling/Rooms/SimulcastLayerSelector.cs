using Sfu.Core.Routing;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The room's <see cref="ILayerSelector"/>: each down-track's target is the best live layer whose quality does
/// not exceed what its subscriber asked for (UpdateTrackSettings quality, or the layer matching its width;
/// HIGH when it asked nothing), else the lowest live layer (<see cref="LayerTargets.BestLive"/>: live means
/// packets within 500 ms and a key frame since the layer started). The down-track switches only at a key
/// frame of the target and asks the publisher for one (PLI) meanwhile.
/// </summary>
/// <remarks>
/// Shard thread only (called per packet of a layer the down-track does not forward): no allocation, one
/// dictionary lookup. Layer qualities come from the published layer list (<see cref="PublishedLayer.Quality"/>),
/// never from a fixed rid table.
/// </remarks>
public sealed class SimulcastLayerSelector : ILayerSelector
{
    /// <summary>Layers silent for longer than this are not chosen.</summary>
    public const long LiveWindowUs = PublishedLayer.LiveWindowUs;

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

    /// <summary>The quality of a layer (from the published layer list, else its position in the offer).</summary>
    public static int QualityOf(PublishedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Quality;
    }

    /// <inheritdoc />
    public int SelectLayer(DownTrack downTrack, PublishedTrack track, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(downTrack);
        ArgumentNullException.ThrowIfNull(track);
        var max = _maxQuality.TryGetValue(downTrack, out var q) ? q : High;
        return LayerTargets.BestLive(track, max, nowUs);
    }
}
