namespace Sfu.Core.Routing;

/// <summary>
/// The simulcast target rule shared by layer selectors: the best live layer at or below what the subscriber
/// requested; when none is, the lowest live layer (a subscriber never waits for a layer that is not sent).
/// </summary>
/// <remarks>
/// Liveness is <see cref="PublishedLayer.IsLive"/>: packets within 500 ms and a key frame since the layer
/// (re)started. Allocation-free; called per packet.
/// </remarks>
public static class LayerTargets
{
    /// <summary>
    /// Index of the highest-quality live layer of <paramref name="track"/> whose quality is at most
    /// <paramref name="maxQuality"/>, else of the lowest-quality live layer, else -1. A single-layer track
    /// always yields 0.
    /// </summary>
    public static int BestLive(PublishedTrack track, int maxQuality, long nowUs)
    {
        ArgumentNullException.ThrowIfNull(track);
        var layers = track.LayerArray;
        if (layers.Length <= 1) return 0;
        int best = -1, bestQuality = int.MinValue, lowest = -1, lowestQuality = int.MaxValue;
        for (var i = 0; i < layers.Length; i++)
        {
            var l = layers[i];
            if (!l.IsLive(nowUs)) continue;
            if (l.Quality < lowestQuality)
            {
                lowest = i;
                lowestQuality = l.Quality;
            }
            if (l.Quality <= maxQuality && l.Quality > bestQuality)
            {
                best = i;
                bestQuality = l.Quality;
            }
        }
        return best >= 0 ? best : lowest;
    }

    /// <summary>A measured frame rate within this fraction of the request satisfies it (30 fps sent is 29.x measured).</summary>
    public const double FrameRateTolerance = 0.9;

    /// <summary>
    /// The temporal-layer cap for a subscriber asking for <paramref name="maxFps"/> frames per second of
    /// <paramref name="layer"/>: the lowest temporal id whose frames up to it reach the request (LiveKit picks
    /// the same way from UpdateTrackSettings.fps), all layers when the request is 0 or above what is sent, and
    /// all layers until a rate was measured (never starve a subscriber on a guess).
    /// </summary>
    public static int TemporalCapFor(PublishedLayer layer, double maxFps)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var rates = layer.FrameRates;
        if (maxFps <= 0 || rates.MaxTemporalId < 0) return int.MaxValue;
        for (var t = 0; t < rates.MaxTemporalId; t++)
            if (rates.FrameRateUpTo(t) >= maxFps * FrameRateTolerance) return t;
        return int.MaxValue;
    }
}
