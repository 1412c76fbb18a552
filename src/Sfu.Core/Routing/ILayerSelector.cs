namespace Sfu.Core.Routing;

/// <summary>
/// The one place where the layer a down-track forwards is decided. Today every track has one layer that
/// matters; simulcast (issue 9) plugs its bandwidth- and dimension-aware choice in here.
/// </summary>
public interface ILayerSelector
{
    /// <summary>The layer index of <paramref name="track"/> that <paramref name="downTrack"/> should forward now.</summary>
    int SelectLayer(DownTrack downTrack, PublishedTrack track);
}
