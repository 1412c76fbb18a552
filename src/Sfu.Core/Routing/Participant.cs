using Sfu.Core.Feedback;
using Sfu.Core.Rtp;

namespace Sfu.Core.Routing;

/// <summary>
/// A member of a room: its publisher side (published tracks, SSRC bindings, transport-cc recorder) and its
/// subscriber side (down-tracks), and the single transport sink both write to.
/// </summary>
/// <remarks>
/// Owned by its <see cref="Room"/>. Owns its published tracks (closing them closes every subscriber's
/// down-track) and its down-tracks (closing them detaches them from the publishers' tracks); see
/// docs/lifecycle.md.
/// </remarks>
public sealed class Participant
{
    private readonly List<PublishedTrack> _published = [];
    private readonly List<DownTrack> _downTracks = [];
    private readonly Dictionary<uint, SsrcBinding> _ssrcs = [];
    private readonly Dictionary<uint, DownTrack> _downBySsrc = [];

    internal Participant(Room room, string id, IMediaTransportSink sink, ParticipantOptions options)
    {
        Room = room;
        Id = id;
        Sink = sink;
        Options = options;
    }

    /// <summary>Identity as signaled.</summary>
    public string Id { get; }

    /// <summary>The room.</summary>
    public Room Room { get; }

    /// <summary>Where this participant's outgoing packets go.</summary>
    public IMediaTransportSink Sink { get; }

    /// <summary>Settings.</summary>
    public ParticipantOptions Options { get; }

    internal List<PublishedTrack> PublishedList => _published;
    internal List<DownTrack> DownTrackList => _downTracks;

    /// <summary>Tracks this participant publishes.</summary>
    public IReadOnlyList<PublishedTrack> PublishedTracks => _published;

    /// <summary>Tracks this participant receives.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    /// <summary>Arrival record of the publisher transport's transport-wide sequence numbers.</summary>
    public TransportCcRecorder TransportCc { get; } = new();

    /// <summary>RTT to the publisher side from XR RRTR/DLRR (ms), or -1.</summary>
    public double PublisherRttMs { get; internal set; } = -1;

    /// <summary>Latest REMB the subscriber sent (bps), or -1.</summary>
    public long SubscriberRembBitrate { get; internal set; } = -1;

    /// <summary>False once the participant left.</summary>
    public bool IsConnected { get; private set; } = true;

    internal int TransportCcId { get; private set; }
    internal int MidId { get; private set; }
    internal int RidId { get; private set; }
    internal int RepairedRidId { get; private set; }
    internal int AudioLevelId { get; private set; }
    internal long LastTransportCcUs { get; set; } = long.MinValue / 4;
    internal long LastReportUs { get; set; } = long.MinValue / 4;

    /// <summary>Connection quality from the worst of publisher-side loss/jitter and subscriber-side reports, with RTT.</summary>
    public (double Mos, ConnectionQualityLevel Level) GetConnectionQuality(long nowUs)
    {
        double loss = 0, jitter = 0, rtt = Math.Max(0, PublisherRttMs);
        var any = false;
        foreach (var t in _published)
        {
            foreach (var l in t.Layers)
            {
                if (l.LastPacketUs < 0) continue;
                if (nowUs - l.LastPacketUs > 5_000_000 && !t.Muted) return (1, ConnectionQualityLevel.Lost);
                any = true;
                loss = Math.Max(loss, l.Statistics.LastFractionLost);
                jitter = Math.Max(jitter, l.Statistics.JitterMs);
            }
        }
        foreach (var d in _downTracks)
        {
            if (!d.HasSent) continue;
            any = true;
            loss = Math.Max(loss, d.FractionLost);
            jitter = Math.Max(jitter, d.JitterMs);
            rtt = Math.Max(rtt, d.RttMs);
        }
        if (!any) return (4.5, ConnectionQualityLevel.Excellent);
        var mos = ConnectionQuality.Mos(loss, jitter, rtt);
        return (mos, ConnectionQuality.Level(mos));
    }

    internal void AddPublished(PublishedTrack track)
    {
        _published.Add(track);
        var map = track.Info.Extensions;
        // BUNDLE (RFC 8843 §9.1.3.4): one id per URI on the whole transport, so any track's map names them.
        if (TransportCcId == 0) TransportCcId = map.GetId(RtpExtensionKind.TransportWideCc);
        if (MidId == 0) MidId = map.GetId(RtpExtensionKind.Mid);
        if (RidId == 0) RidId = map.GetId(RtpExtensionKind.Rid);
        if (RepairedRidId == 0) RepairedRidId = map.GetId(RtpExtensionKind.RepairedRid);
        if (AudioLevelId == 0) AudioLevelId = map.GetId(RtpExtensionKind.AudioLevel);
        for (var i = 0; i < track.Layers.Count; i++)
        {
            var l = track.Layers[i];
            if (l.Ssrc != 0) _ssrcs[l.Ssrc] = new SsrcBinding(track, i, false);
            if (l.RtxSsrc != 0) _ssrcs[l.RtxSsrc] = new SsrcBinding(track, i, true);
        }
    }

    internal void RemovePublished(PublishedTrack track)
    {
        _published.Remove(track);
        foreach (var l in track.Layers)
        {
            if (l.Ssrc != 0) _ssrcs.Remove(l.Ssrc);
            if (l.RtxSsrc != 0) _ssrcs.Remove(l.RtxSsrc);
        }
    }

    internal bool TryGetBinding(uint ssrc, out SsrcBinding binding) => _ssrcs.TryGetValue(ssrc, out binding);

    internal void Bind(uint ssrc, SsrcBinding binding) => _ssrcs[ssrc] = binding;

    internal void Unbind(uint ssrc) => _ssrcs.Remove(ssrc);

    internal PublishedTrack? FindTrackByMid(ReadOnlySpan<byte> mid)
    {
        foreach (var t in _published) if (mid.SequenceEqual(t.MidBytes)) return t;
        return null;
    }

    internal void AddDownTrack(DownTrack d)
    {
        _downTracks.Add(d);
        _downBySsrc[d.Ssrc] = d;
        if (d.Info.RtxSsrc != 0) _downBySsrc[d.Info.RtxSsrc] = d;
    }

    internal void RemoveDownTrack(DownTrack d)
    {
        _downTracks.Remove(d);
        _downBySsrc.Remove(d.Ssrc);
        if (d.Info.RtxSsrc != 0) _downBySsrc.Remove(d.Info.RtxSsrc);
    }

    internal DownTrack? FindDownTrack(uint ssrc) => _downBySsrc.TryGetValue(ssrc, out var d) ? d : null;

    internal void MarkLeft() => IsConnected = false;
}
