using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>A subscriber's requested quality per down-track (HIGH = 2 when none), targets from <see cref="LayerTargets"/>.</summary>
internal sealed class SimLayerSelector : ILayerSelector
{
    private readonly Dictionary<DownTrack, int> _requested = [];

    public void Request(DownTrack downTrack, int quality) => _requested[downTrack] = quality;

    public int SelectLayer(DownTrack downTrack, PublishedTrack track, long nowUs) =>
        LayerTargets.BestLive(track, _requested.TryGetValue(downTrack, out var q) ? q : 2, nowUs);
}
