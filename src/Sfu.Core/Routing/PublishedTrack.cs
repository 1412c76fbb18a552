using System.Text;
using Sfu.Core.Feedback;
using Sfu.Core.Media;

namespace Sfu.Core.Routing;

/// <summary>
/// A track one participant publishes: its negotiated description, its layers (one, or one per simulcast
/// rid) and the down-tracks forwarding it to subscribers.
/// </summary>
/// <remarks>
/// Owned by the publishing <see cref="Participant"/>; its down-tracks are owned jointly with their
/// subscribers and are closed (BYE to the subscriber) when the track is unpublished. Mute is the publisher's
/// (nothing is forwarded, every subscriber's sequence space stays contiguous); pause is per down-track.
/// </remarks>
public sealed class PublishedTrack
{
    private readonly List<DownTrack> _downTracks = [];

    internal PublishedTrack(Participant publisher, PublishedTrackInfo info, RoomOptions options)
    {
        Publisher = publisher;
        Info = info;
        MidBytes = Encoding.ASCII.GetBytes(info.Mid);
        var clockRate = info.Codecs.Count > 0 ? info.Codecs[0].ClockRate : 90000;
        var layerCount = Math.Max(1, Math.Max(info.Rids.Count, info.Ssrcs.Count));
        var layers = new PublishedLayer[layerCount];
        for (var i = 0; i < layerCount; i++)
        {
            var quality = i < info.LayerQualities.Count ? info.LayerQualities[i] : i;
            layers[i] = new PublishedLayer(i, i < info.Rids.Count ? info.Rids[i] : null, quality, clockRate, options);
            if (i < info.Ssrcs.Count) layers[i].Ssrc = info.Ssrcs[i];
            if (i < info.RtxSsrcs.Count) layers[i].RtxSsrc = info.RtxSsrcs[i];
        }
        Layers = layers;
        LayerArray = layers;
        if (info.Kind == MediaKind.Audio) AudioLevel = new AudioLevelMeter();
    }

    /// <summary>The publishing participant.</summary>
    public Participant Publisher { get; }

    /// <summary>What was negotiated.</summary>
    public PublishedTrackInfo Info { get; }

    /// <summary>Audio or video.</summary>
    public MediaKind Kind => Info.Kind;

    /// <summary>The encodings (index 0 is the single stream or the first rid).</summary>
    public IReadOnlyList<PublishedLayer> Layers { get; }

    /// <summary>Subscribers' down-tracks of this track.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    // The list itself, for allocation-free iteration on the packet path.
    internal List<DownTrack> DownTrackList => _downTracks;

    /// <summary>The publisher muted the track: nothing is forwarded.</summary>
    public bool Muted { get; private set; }

    /// <summary>Audio level meter (audio tracks with ssrc-audio-level), else null.</summary>
    public AudioLevelMeter? AudioLevel { get; }

    /// <summary>False once unpublished.</summary>
    public bool IsOpen { get; private set; } = true;

    internal byte[] MidBytes { get; }

    internal PublishedLayer[] LayerArray { get; }

    internal void AddDownTrack(DownTrack downTrack) => _downTracks.Add(downTrack);

    internal void RemoveDownTrack(DownTrack downTrack) => _downTracks.Remove(downTrack);

    /// <summary>Mutes or unmutes the track (publisher side); subscribers' sequence numbers stay contiguous.</summary>
    public void SetMuted(bool muted, long nowUs)
    {
        if (Muted == muted) return;
        Muted = muted;
        if (!muted && Kind == MediaKind.Video)
        {
            foreach (var dt in _downTracks) dt.OnPublisherUnmuted(nowUs);
        }
    }

    /// <summary>Index of the layer with <paramref name="rid"/>, or -1.</summary>
    internal int FindLayerByRid(ReadOnlySpan<byte> rid)
    {
        for (var i = 0; i < Layers.Count; i++)
        {
            var r = Layers[i].Rid;
            if (r is not null && r.Length == rid.Length && Matches(r, rid)) return i;
        }
        return -1;
    }

    private static bool Matches(string s, ReadOnlySpan<byte> ascii)
    {
        for (var i = 0; i < s.Length; i++) if (s[i] != ascii[i]) return false;
        return true;
    }

    internal void Close()
    {
        IsOpen = false;
        foreach (var layer in Layers) layer.Close();
    }
}
