using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

/// <summary>
/// Builds the server's own offers for one peer connection (LiveKit's subscriber side, RFC 9429 section 5.2):
/// an <c>m=application</c> section always, then one sendonly section per sent track carrying its msid,
/// SSRC (and RTX SSRC with <c>a=ssrc-group:FID</c>) and feedback. A removed track leaves its section
/// inactive, and the next track of the same kind reuses it, so the description grows only with the
/// number of tracks sent at once. Sections keep their mids and order across offers (RFC 9429 section 5.2.2).
/// </summary>
/// <remarks>
/// Payload types come from a fixed table that never uses 64-95: with rtcp-mux those collide with RTCP
/// packet types 192-223 once the marker bit is set (RFC 5761 section 4). Not thread-safe: one builder
/// belongs to one peer connection, driven by its signaling.
/// </remarks>
public sealed class SdpOfferBuilder
{
    /// <summary>Fixed payload types: (name, clock, channels, pt, rtx pt, default fmtp).</summary>
    private static readonly (string Name, int Clock, int Channels, byte Pt, byte? RtxPt, string? Fmtp)[] s_payloadTypes =
    [
        (CodecNames.Opus, 48000, 2, 111, null, "minptime=10;useinbandfec=1"),
        (CodecNames.Red, 48000, 2, 63, null, "111/111"),
        (CodecNames.Vp8, 90000, 0, 96, 97, null),
        (CodecNames.Vp9, 90000, 0, 98, 99, "profile-id=0"),
        (CodecNames.H264, 90000, 0, 102, 103, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
        (CodecNames.Av1, 90000, 0, 45, 46, "level-idx=5;profile=0;tier=0"),
    ];

    /// <summary>Fixed extension ids, one meaning per id across the BUNDLE group (RFC 8843 section 9.1.2).</summary>
    private static readonly (int Id, string Uri, bool Audio, bool Video)[] s_extensions =
    [
        (1, HeaderExtensionUris.AudioLevel, true, false),
        (2, HeaderExtensionUris.AbsSendTime, true, true),
        (3, HeaderExtensionUris.TransportWideCc, true, true),
        (4, HeaderExtensionUris.Mid, true, true),
    ];

    private readonly SdpOfferOptions _options;
    private readonly List<Slot> _slots = [];
    private int _nextMid;
    private ulong _version = 1;
    private string _iceUfrag;
    private string _icePwd;

    /// <summary>A builder for one peer connection. The data-channel section is created now, as mid 0.</summary>
    public SdpOfferBuilder(SdpOfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SdpText.IsIceChars(options.IceUfrag, 4, 256)) throw new ArgumentException("IceUfrag must be 4-256 ice-chars.", nameof(options));
        if (!SdpText.IsIceChars(options.IcePwd, 22, 256)) throw new ArgumentException("IcePwd must be 22-256 ice-chars.", nameof(options));
        if (!SdpText.TryParseUInt(options.SessionId, long.MaxValue, out _)) throw new ArgumentException("SessionId must be digits.", nameof(options));
        if (options.SctpPort is < 1 or > 65535) throw new ArgumentException("SctpPort must be 1-65535.", nameof(options));
        if (options.Fingerprint is null) throw new ArgumentException("Fingerprint is required.", nameof(options));
        if (options.MaxMessageSize < 0) throw new ArgumentException("MaxMessageSize must not be negative.", nameof(options));
        if (options.Candidates.Any(c => !IceCandidate.TryParse(c.ToString(), out _)))
            throw new ArgumentException("A candidate does not serialise to a valid a=candidate.", nameof(options));
        _options = options;
        _iceUfrag = options.IceUfrag;
        _icePwd = options.IcePwd;
        _slots.Add(new Slot(NextMid(), MediaKind.Application));
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9, JSEP §5.2.1): the next offers carry these credentials instead of the
    /// current ones; everything else in the description stays.
    /// </summary>
    public void RestartIce(string ufrag, string pwd)
    {
        if (!SdpText.IsIceChars(ufrag, 4, 256)) throw new ArgumentException("ufrag must be 4-256 ice-chars.", nameof(ufrag));
        if (!SdpText.IsIceChars(pwd, 22, 256)) throw new ArgumentException("pwd must be 22-256 ice-chars.", nameof(pwd));
        _iceUfrag = ufrag;
        _icePwd = pwd;
    }

    /// <summary>Sections in the next offer (including inactive ones kept for reuse).</summary>
    public int SectionCount => _slots.Count;

    /// <summary>The mid a track is sent on, or null.</summary>
    public string? FindMid(string trackId) => _slots.FirstOrDefault(s => s.Track?.TrackId == trackId)?.Mid;

    /// <summary>
    /// Adds a track to the next offer, on an inactive section of the same kind when there is one, else on a
    /// new section. Fails for an invalid track, a track id already sent, or a codec the builder cannot offer.
    /// </summary>
    public bool TryAddTrack(OutgoingTrack track, [NotNullWhen(true)] out string? mid, [NotNullWhen(false)] out SdpNegotiationError? error)
    {
        ArgumentNullException.ThrowIfNull(track);
        mid = null;
        if (!track.IsValid(out var reason)) return Fail(reason, out error);
        if (FindMid(track.TrackId) is not null) return Fail($"track {track.TrackId} is already sent", out error);
        if (_slots.Any(s => s.Track is { } t && (t.Ssrc == track.Ssrc || t.RtxSsrc == track.Ssrc || (track.RtxSsrc is { } r && (t.Ssrc == r || t.RtxSsrc == r)))))
            return Fail("an SSRC of the track is already used in this peer connection", out error);
        if (track.Codec is { } name)
        {
            var entry = s_payloadTypes.FirstOrDefault(p => CodecNames.AreEqual(p.Name, name));
            var kindOk = entry.Name is not null && (track.Kind == MediaKind.Audio ? entry.Clock == 48000 : entry.Clock == 90000) && !CodecNames.AreEqual(name, CodecNames.Red);
            if (!kindOk) return Fail($"codec {name} cannot be offered for {track.Kind}", out error);
        }
        var slot = _slots.FirstOrDefault(s => s.Kind == track.Kind && s.Track is null);
        if (slot is null)
        {
            if (_slots.Count >= SdpLimits.MaxMediaSections) return Fail("too many sections", out error);
            slot = new Slot(NextMid(), track.Kind);
            _slots.Add(slot);
        }
        slot.Track = track;
        mid = slot.Mid;
        error = null;
        return true;
    }

    /// <summary>Stops sending a track: its section becomes inactive in the next offer and free for reuse.</summary>
    public bool RemoveTrack(string trackId)
    {
        var slot = _slots.FirstOrDefault(s => s.Track?.TrackId == trackId);
        if (slot is null) return false;
        slot.Track = null;
        return true;
    }

    /// <summary>Writes the next offer (the session version increases with every call).</summary>
    public SessionDescription CreateOffer()
    {
        var o = _options;
        var w = new SdpWriter().Session(o.SessionId, SdpText.Invariant((long)Math.Min(_version++, long.MaxValue)));
        w.Attribute("group", SdpGroup.Bundle + " " + string.Join(" ", _slots.Select(s => s.Mid)));
        w.Attribute("ice-lite");
        w.Attribute("msid-semantic", " WMS *");
        foreach (var slot in _slots)
        {
            if (slot.Kind == MediaKind.Application) WriteData(slot, w);
            else WriteMedia(slot, w);
        }
        return SessionDescription.ParseOwn(w.ToString());
    }

    private void WriteData(Slot slot, SdpWriter w)
    {
        var o = _options;
        w.Line('m', "application 9 UDP/DTLS/SCTP webrtc-datachannel");
        w.Line('c', "IN IP4 0.0.0.0");
        w.Transport(_iceUfrag, _icePwd, o.Fingerprint, DtlsSetup.ActPass);
        w.Attribute("mid", slot.Mid);
        w.Attribute("sctp-port", SdpText.Invariant(o.SctpPort));
        w.Attribute("max-message-size", SdpText.Invariant(o.MaxMessageSize));
        w.Candidates(o.Candidates);
    }

    private void WriteMedia(Slot slot, SdpWriter w)
    {
        var o = _options;
        var track = slot.Track;
        // An inactive section keeps offering what it last offered, so freeing it does not churn payload types.
        var codecs = track is null && slot.LastCodecs is not null ? slot.LastCodecs : Codecs(slot.Kind, track);
        slot.LastCodecs = codecs;
        var audio = slot.Kind == MediaKind.Audio;
        w.Line('m', $"{(audio ? "audio" : "video")} 9 UDP/TLS/RTP/SAVPF {string.Join(" ", codecs.Select(c => SdpText.Invariant(c.PayloadType)))}");
        w.Line('c', "IN IP4 0.0.0.0");
        w.Transport(_iceUfrag, _icePwd, o.Fingerprint, DtlsSetup.ActPass);
        w.Attribute("mid", slot.Mid);
        foreach (var (id, uri, forAudio, forVideo) in s_extensions)
        {
            if (audio ? forAudio : forVideo) w.Attribute("extmap", SdpText.Invariant(id) + " " + uri);
        }
        w.Attribute(track is null ? "inactive" : "sendonly");
        if (track is not null) w.Attribute("msid", track.StreamId + " " + track.TrackId);
        w.Attribute("rtcp-mux");
        w.Attribute("rtcp-rsize");
        foreach (var c in codecs) w.Codec(c);
        if (track is not null) w.SentTrack(track, codecs.Any(c => c.IsRtx));
        w.Candidates(o.Candidates);
    }

    private List<SdpCodec> Codecs(MediaKind kind, OutgoingTrack? track)
    {
        var o = _options;
        var result = new List<SdpCodec>();
        if (kind == MediaKind.Audio)
        {
            var opus = s_payloadTypes[0];
            if (o.AudioRed)
            {
                var red = s_payloadTypes[1];
                result.Add(new SdpCodec(red.Pt, red.Name, red.Clock, red.Channels, red.Fmtp, []));
            }
            result.Add(new SdpCodec(opus.Pt, opus.Name, opus.Clock, opus.Channels, track?.Codec is null ? opus.Fmtp : track.CodecFmtp ?? opus.Fmtp,
                [RtcpFeedback.TransportCc, RtcpFeedback.Nack]));
            return result;
        }
        IEnumerable<string> names = track?.Codec is { } only ? [only] : o.VideoCodecs;
        foreach (var name in names)
        {
            var entry = s_payloadTypes.FirstOrDefault(p => CodecNames.AreEqual(p.Name, name) && p.Clock == 90000);
            if (entry.Name is null || result.Any(c => c.PayloadType == entry.Pt)) continue;
            List<RtcpFeedback> fb = o.GoogRemb
                ? [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli]
                : [RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli];
            var fmtp = track?.Codec is not null && track.CodecFmtp is not null ? track.CodecFmtp : entry.Fmtp;
            result.Add(new SdpCodec(entry.Pt, entry.Name, 90000, 0, fmtp, fb));
            if (o.VideoRtx && entry.RtxPt is { } rtx)
                result.Add(new SdpCodec(rtx, CodecNames.Rtx, 90000, 0, "apt=" + SdpText.Invariant(entry.Pt), []));
        }
        if (result.Count == 0)
        {
            var vp8 = s_payloadTypes[2];
            result.Add(new SdpCodec(vp8.Pt, vp8.Name, 90000, 0, null, [RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli]));
        }
        return result;
    }

    private string NextMid() => SdpText.Invariant(_nextMid++);

    private static bool Fail(string reason, out SdpNegotiationError error)
    {
        error = new SdpNegotiationError(SdpNegotiationErrorKind.InvalidOptions, null, reason);
        return false;
    }

    private sealed class Slot(string mid, MediaKind kind)
    {
        public string Mid { get; } = mid;
        public MediaKind Kind { get; } = kind;
        public OutgoingTrack? Track { get; set; }
        public List<SdpCodec>? LastCodecs { get; set; }
    }
}
