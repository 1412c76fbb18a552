namespace Sfu.Core.Routing;

/// <summary>Forwards layer 0: the only stream, or the first rid of a simulcast offer until issue 9 chooses better.</summary>
public sealed class SingleLayerSelector : ILayerSelector
{
    /// <summary>The shared instance (stateless).</summary>
    public static SingleLayerSelector Instance { get; } = new();

    /// <inheritdoc />
    public int SelectLayer(DownTrack downTrack, PublishedTrack track, long nowUs) => 0;
}
