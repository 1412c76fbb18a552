using Sfu.Core.Routing;
using Sfu.Signaling.Protocol;
using MediaKind = Sfu.Core.Sdp.MediaKind;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A track a participant published (or asked to publish): its LiveKit description and, once its publisher
/// m-section is negotiated, what subscribers are offered. <see cref="Engine"/> is touched on the room's
/// shard only; everything else under the room's lock.
/// </summary>
public sealed class RtcTrack
{
    internal RtcTrack(RtcParticipant owner, string sid, string cid, TrackInfo info, AddTrackRequest request)
    {
        Owner = owner;
        Sid = sid;
        Cid = cid;
        Info = info;
        Request = request;
    }

    /// <summary>The publishing participant.</summary>
    public RtcParticipant Owner { get; }

    /// <summary>TR_ sid.</summary>
    public string Sid { get; }

    /// <summary>The client's id (MediaStreamTrack.id, the a=msid track id of its offer).</summary>
    public string Cid { get; }

    /// <summary>The track as announced (mutated under the room lock; cloned for every message).</summary>
    public TrackInfo Info { get; }

    /// <summary>The AddTrackRequest (layers map rids to qualities).</summary>
    public AddTrackRequest Request { get; }

    /// <summary>Audio or video.</summary>
    public MediaKind Kind => Info.Type == TrackType.Video ? MediaKind.Video : MediaKind.Audio;

    /// <summary>The publisher m-section's mid, once negotiated.</summary>
    public string? Mid { get; internal set; }

    /// <summary>The codec the publisher sends (offered alone to subscribers).</summary>
    public string? CodecName { get; internal set; }

    /// <summary>fmtp of that codec (H.264 profile), or null.</summary>
    public string? CodecFmtp { get; internal set; }

    /// <summary>True once the m-section is negotiated and the engine publishes it.</summary>
    public bool IsPublished => Mid is not null;

    /// <summary>The highest quality any subscriber receives, as last sent to the publisher (dynacast); -1: none; int.MinValue: never sent.</summary>
    internal int SubscribedMaxQuality { get; set; } = int.MinValue;

    /// <summary>The engine's track (shard thread only).</summary>
    internal PublishedTrack? Engine { get; set; }
}
