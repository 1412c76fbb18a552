using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// Dynacast: tells the publisher of <paramref name="track"/> which of its qualities anyone receives
    /// (SubscribedQualityUpdate), so that livekit-client (with the room option dynacast) pauses the encodings
    /// nobody needs. A quality is enabled when some subscriber with the track enabled asks for it or for a
    /// higher one: lower layers stay on as the fallback when a higher one stops. Sent only on a change. Lock held.
    /// </summary>
    /// <remarks>
    /// Both forms are filled: subscribed_codecs (what livekit-client 2.x reads, codec named as in its mime
    /// type, lower case) and the deprecated subscribed_qualities. LiveKit delays downgrades by a few seconds to
    /// avoid flapping; this server sends at once.
    /// </remarks>
    private void UpdateSubscribedQualities(RtcTrack track)
    {
        if (track.Kind != Sfu.Core.Sdp.MediaKind.Video || !track.IsPublished || !track.Owner.IsActive) return;
        var max = -1;
        foreach (var o in _participants)
        {
            if (o != track.Owner && o.Subscriptions.TryGetValue(track.Sid, out var sub) && sub.Track == track && !sub.Disabled)
                max = Math.Max(max, sub.MaxQuality);
        }
        if (max == track.SubscribedMaxQuality) return;
        track.SubscribedMaxQuality = max;
        var update = new SubscribedQualityUpdate { TrackSid = track.Sid };
        var codec = new SubscribedCodec { Codec = (track.CodecName ?? "").ToLowerInvariant() };
        for (var q = (int)VideoQuality.Low; q <= (int)VideoQuality.High; q++)
        {
            codec.Qualities.Add(new SubscribedQuality { Quality = (VideoQuality)q, Enabled = q <= max });
#pragma warning disable CS0612 // deprecated, still read by older clients
            update.SubscribedQualities.Add(new SubscribedQuality { Quality = (VideoQuality)q, Enabled = q <= max });
#pragma warning restore CS0612
        }
        update.SubscribedCodecs.Add(codec);
        track.Owner.Send(new SignalResponse { SubscribedQualityUpdate = update });
    }
}
