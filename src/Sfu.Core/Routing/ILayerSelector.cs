namespace Sfu.Core.Routing;

/// <summary>
/// The one place where the layer a down-track should forward is decided (its target). The down-track
/// itself moves to a new target only at one of its key frames, asking the publisher for one meanwhile.
/// </summary>
public interface ILayerSelector
{
    /// <summary>
    /// The layer index of <paramref name="track"/> that <paramref name="downTrack"/> should forward at
    /// <paramref name="nowUs"/>, or -1 when no layer can be forwarded yet (none live).
    /// </summary>
    int SelectLayer(DownTrack downTrack, PublishedTrack track, long nowUs);
}
