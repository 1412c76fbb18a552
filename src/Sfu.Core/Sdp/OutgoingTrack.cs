namespace Sfu.Core.Sdp;

/// <summary>
/// A track this server sends to a peer: what its media section must signal. LiveKit's subscriber side
/// uses <c>StreamId = "&lt;PA_sid&gt;|&lt;TR_sid&gt;"</c> and <c>TrackId = TR_sid</c> (livekit-client unpacks the
/// stream id on <c>|</c>). The SSRCs are fixed for the life of the down-track.
/// </summary>
/// <param name="Kind">Audio or video.</param>
/// <param name="StreamId">msid stream id (RFC 8830): 1-64 token characters.</param>
/// <param name="TrackId">msid track id: 1-64 token characters.</param>
/// <param name="Ssrc">The media SSRC the server sends from.</param>
/// <param name="RtxSsrc">The RTX SSRC (video), or null for no RTX.</param>
/// <param name="Cname">RTCP CNAME (RFC 7022): 1-64 token characters.</param>
/// <param name="Codec">For offers: the encoding name the track carries (e.g. VP8); null offers every configured codec of the kind.</param>
/// <param name="CodecFmtp">For offers: fmtp for that codec (e.g. the publisher's H.264 profile), or null for the default.</param>
public sealed record OutgoingTrack(MediaKind Kind, string StreamId, string TrackId, uint Ssrc, uint? RtxSsrc, string Cname, string? Codec = null, string? CodecFmtp = null)
{
    internal bool IsValid(out string reason)
    {
        reason = string.Empty;
        if (Kind is not (MediaKind.Audio or MediaKind.Video)) reason = "a track is audio or video";
        else if (!SdpText.IsToken(StreamId, SdpLimits.MaxIdentifierLength)) reason = "the stream id must be 1-64 token characters";
        else if (!SdpText.IsToken(TrackId, SdpLimits.MaxIdentifierLength)) reason = "the track id must be 1-64 token characters";
        else if (!SdpText.IsToken(Cname, SdpLimits.MaxIdentifierLength)) reason = "the CNAME must be 1-64 token characters";
        else if (RtxSsrc == Ssrc) reason = "the RTX SSRC must differ from the media SSRC";
        else if (Codec is not null && !SdpText.IsToken(Codec, 32)) reason = "the codec name must be a token";
        else if (CodecFmtp is not null && (CodecFmtp.Length is 0 or > 512 || CodecFmtp.Any(c => c < ' ' || c == '\u007f'))) reason = "the fmtp must be 1-512 printable characters";
        return reason.Length == 0;
    }
}
