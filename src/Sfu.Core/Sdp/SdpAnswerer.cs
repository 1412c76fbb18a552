using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

/// <summary>
/// Writes the server's answer to a remote offer (RFC 9429 section 5.3, RFC 8843 section 7.3): one BUNDLE
/// transport, rtcp-mux, ICE-lite with all candidates, <c>a=setup:passive</c> unless configured otherwise.
/// Audio is Opus (with RED only when configured); video is VP8, H.264, VP9 and AV1 by the configured
/// preference, each with its RTX; the data channel is accepted once. Every other section is rejected with
/// port 0. Payload types and extension ids are the offer's: an answer never renumbers.
/// </summary>
/// <remarks>No <c>x-google-*</c> bitrate hints are written: the server earns bandwidth with transport-cc feedback.</remarks>
public sealed class SdpAnswerer
{
    private readonly SdpAnswerOptions _options;

    /// <summary>An answerer with fixed options (ICE credentials, fingerprint, codec policy).</summary>
    public SdpAnswerer(SdpAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Answers <paramref name="offer"/>. On success <paramref name="answer"/> is the description to send
    /// (<c>answer.ToString()</c>) and <paramref name="negotiated"/> what was agreed per mid.
    /// </summary>
    public bool TryCreateAnswer(SessionDescription offer, [NotNullWhen(true)] out SessionDescription? answer,
        [NotNullWhen(true)] out NegotiatedMedia? negotiated, [NotNullWhen(false)] out SdpNegotiationError? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        answer = null;
        negotiated = null;
        var o = _options;
        if (!ValidateOptions(out error)) return false;

        var bundle = offer.BundleGroup;
        if (bundle is null || bundle.Mids.Count == 0)
            return Fail(SdpNegotiationErrorKind.NoBundle, null, "the offer has no a=group:BUNDLE; this server needs every section on one transport", out error);
        var tag = offer.FindSection(bundle.Mids[0])!;
        if (tag.IceUfrag is null || tag.IcePwd is null)
            return Fail(SdpNegotiationErrorKind.NoIceCredentials, tag.Mid, "the offer has no a=ice-ufrag / a=ice-pwd", out error);
        if (tag.Fingerprints.Count == 0)
            return Fail(SdpNegotiationErrorKind.NoFingerprint, tag.Mid, "the offer has no a=fingerprint", out error);
        DtlsSetup setup;
        switch (tag.Setup)
        {
            case DtlsSetup.ActPass: setup = o.SetupRole; break;
            // RFC 4145 section 4: an offer without a=setup means active, so the answerer is passive.
            case DtlsSetup.Active or DtlsSetup.None: setup = DtlsSetup.Passive; break;
            case DtlsSetup.Passive: setup = DtlsSetup.Active; break;
            default: return Fail(SdpNegotiationErrorKind.InvalidSetup, tag.Mid, "a=setup:holdconn offers no DTLS connection", out error);
        }

        var sections = new List<string>(offer.Sections.Count);
        var accepted = new List<string>();
        var dataAccepted = false;
        foreach (var s in offer.Sections)
        {
            var w = new SdpWriter();
            if (!TryAnswerSection(s, bundle, setup, ref dataAccepted, w, out var isAccepted, out error)) return false;
            if (isAccepted) accepted.Add(s.Mid!);
            sections.Add(w.ToString());
        }

        var head = new SdpWriter().Session(o.SessionId, SdpText.Invariant((long)Math.Min(o.SessionVersion, long.MaxValue)));
        if (accepted.Count > 0) head.Attribute("group", SdpGroup.Bundle + " " + string.Join(" ", accepted));
        if (o.ExtmapAllowMixed && offer.ExtmapAllowMixed) head.Attribute("extmap-allow-mixed");
        head.Attribute("ice-lite");
        head.Attribute("msid-semantic", " WMS");
        var text = head + string.Concat(sections);

        answer = SessionDescription.ParseOwn(text);
        return NegotiatedMedia.TryCreate(offer, answer, localIsOfferer: false, out negotiated, out error);
    }

    private bool TryAnswerSection(MediaSectionModel s, SdpGroup bundle, DtlsSetup setup, ref bool dataAccepted, SdpWriter w, out bool accepted, [NotNullWhen(false)] out SdpNegotiationError? error)
    {
        accepted = false;
        error = null;
        var o = _options;
        var bundled = s.Mid is not null && bundle.Mids.Contains(s.Mid);
        if (s.IsRejected || !bundled || s.Kind == MediaKind.Other)
        {
            WriteRejected(s, w);
            return true;
        }

        if (s.Kind == MediaKind.Application)
        {
            // RFC 8841 section 4: UDP/DTLS/SCTP or TCP/DTLS/SCTP with the webrtc-datachannel format.
            var ok = o.AcceptDataChannel && !dataAccepted && s.Protocol is "UDP/DTLS/SCTP" or "TCP/DTLS/SCTP"
                     && s.Description.Formats.Contains("webrtc-datachannel");
            if (!ok)
            {
                WriteRejected(s, w);
                return true;
            }
            dataAccepted = true;
            w.Line('m', $"application 9 {s.Protocol} webrtc-datachannel");
            w.Line('c', "IN IP4 0.0.0.0");
            w.Transport(o.IceUfrag, o.IcePwd, o.Fingerprint, setup);
            w.Attribute("mid", s.Mid!);
            w.Attribute("sctp-port", SdpText.Invariant(o.SctpPort));
            w.Attribute("max-message-size", SdpText.Invariant(o.MaxMessageSize));
            w.Candidates(o.Candidates);
            accepted = true;
            return true;
        }

        // Media: DTLS-SRTP with RTCP feedback only (RFC 5764, RFC 9429 section 5.1.2), and rtcp-mux (RFC 8843 section 9.3 requires it under BUNDLE here).
        if (!IsSecureRtpProtocol(s.Protocol) || !s.RtcpMux)
        {
            WriteRejected(s, w);
            return true;
        }
        var codecs = s.Kind == MediaKind.Audio ? SelectAudioCodecs(s) : SelectVideoCodecs(s);
        if (codecs.Count == 0)
        {
            WriteRejected(s, w);
            return true;
        }

        o.SendTracks.TryGetValue(s.Mid!, out var track);
        if (track is not null && track.Kind != s.Kind)
            return Fail(SdpNegotiationErrorKind.InvalidOptions, s.Mid, $"a {track.Kind} track cannot be sent on a {s.Kind} section", out error);
        // From the server's side: what the peer sends we receive, and we send only where a track is attached.
        var direction = s.Direction switch
        {
            MediaDirection.SendOnly => MediaDirection.RecvOnly,
            MediaDirection.RecvOnly => track is null ? MediaDirection.Inactive : MediaDirection.SendOnly,
            MediaDirection.SendRecv => track is null ? MediaDirection.RecvOnly : MediaDirection.SendRecv,
            _ => MediaDirection.Inactive,
        };
        var sends = direction is MediaDirection.SendOnly or MediaDirection.SendRecv;
        var receives = direction is MediaDirection.RecvOnly or MediaDirection.SendRecv;

        w.Line('m', $"{s.Description.Media} 9 {s.Protocol} {string.Join(" ", codecs.Select(c => SdpText.Invariant(c.PayloadType)))}");
        w.Line('c', "IN IP4 0.0.0.0");
        w.Transport(o.IceUfrag, o.IcePwd, o.Fingerprint, setup);
        w.Attribute("mid", s.Mid!);
        var allowed = s.Kind == MediaKind.Audio ? o.AudioHeaderExtensions : o.VideoHeaderExtensions;
        foreach (var ext in s.HeaderExtensions)
        {
            if (allowed.Contains(ext.Uri)) w.Attribute("extmap", SdpText.Invariant(ext.Id) + " " + ext.Uri);
        }
        w.Attribute(SdpText.DirectionName(direction));
        if (sends) w.Attribute("msid", track!.StreamId + " " + track.TrackId);
        w.Attribute("rtcp-mux");
        if (s.RtcpReducedSize) w.Attribute("rtcp-rsize");
        foreach (var c in codecs) w.Codec(c);
        if (receives && s.Simulcast is { Send.Count: > 0 } simulcast)
        {
            // RFC 8853 section 5.3: the answer mirrors the offered send streams as recv, with the same rids.
            foreach (var stream in simulcast.Send)
            {
                foreach (var rid in stream) w.Attribute("rid", rid.Id + " recv");
            }
            w.Attribute("simulcast", new SimulcastDescription([], simulcast.Send).ToString());
        }
        if (sends) w.SentTrack(track!, codecs.Any(c => c.IsRtx));
        w.Candidates(o.Candidates);
        accepted = true;
        return true;
    }

    internal static bool IsSecureRtpProtocol(string protocol) =>
        protocol is "UDP/TLS/RTP/SAVPF" or "TCP/DTLS/RTP/SAVPF" or "RTP/SAVPF" or "UDP/TLS/RTP/SAVP";

    private static void WriteRejected(MediaSectionModel s, SdpWriter w)
    {
        // RFC 9429 section 5.3.1 / RFC 8866 section 5.14: a rejected section keeps media, protocol and a format, with port 0.
        var format = s.Description.Formats.Count > 0 ? s.Description.Formats[0] : "0";
        w.Line('m', $"{s.Description.Media} 0 {s.Protocol} {format}");
        w.Line('c', "IN IP4 0.0.0.0");
        if (s.Mid is not null) w.Attribute("mid", s.Mid);
        w.Attribute("inactive");
    }

    private List<SdpCodec> SelectAudioCodecs(MediaSectionModel s)
    {
        var result = new List<SdpCodec>();
        // RFC 7587 section 7: Opus is always opus/48000/2 in SDP, whatever the channel count actually sent.
        var opus = s.Codecs.Where(c => CodecNames.AreEqual(c.Name, CodecNames.Opus) && c.ClockRate == 48000 && c.Channels == 2).ToList();
        if (opus.Count == 0) return result;
        if (_options.AudioRed)
        {
            foreach (var red in s.Codecs.Where(c => c.IsRed && c.ClockRate == 48000))
            {
                // RFC 2198 fmtp lists the redundant encodings' payload types: keep RED only over Opus.
                var ok = red.Fmtp is not null && red.Fmtp.Split('/').All(p => opus.Any(x => SdpText.Invariant(x.PayloadType) == p.Trim()));
                if (ok)
                {
                    result.Add(red with { RtcpFeedback = [], Fmtp = WithoutBitrateHints(red.Fmtp) });
                    break;
                }
            }
        }
        foreach (var c in opus) result.Add(c with { RtcpFeedback = Filter(c.RtcpFeedback, _options.AudioFeedback), Fmtp = WithoutBitrateHints(c.Fmtp) });
        return result;
    }

    private List<SdpCodec> SelectVideoCodecs(MediaSectionModel s)
    {
        var primaries = new List<SdpCodec>();
        foreach (var name in _options.VideoCodecPreference)
        {
            var matching = s.Codecs.Where(c => CodecNames.AreEqual(c.Name, name) && c.ClockRate == 90000 && IsForwardableProfile(c)).ToList();
            // H.264: packetization-mode=1 (FU-A, RFC 6184 section 5.8) first; mode 0 cannot carry large frames.
            if (CodecNames.AreEqual(name, CodecNames.H264))
                matching = [.. matching.OrderBy(c => c.TryGetParameter("packetization-mode", out var pm) && pm == "1" ? 0 : 1)];
            primaries.AddRange(matching);
        }
        var result = new List<SdpCodec>();
        foreach (var p in primaries)
        {
            result.Add(p with { RtcpFeedback = Filter(p.RtcpFeedback, _options.VideoFeedback), Fmtp = WithoutBitrateHints(p.Fmtp) });
            if (!_options.VideoRtx) continue;
            foreach (var (rtx, apt) in s.RtxMap)
            {
                if (apt == p.PayloadType)
                {
                    var r = s.FindCodec(rtx)!;
                    result.Add(r with { RtcpFeedback = [], Fmtp = WithoutBitrateHints(r.Fmtp) });
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>VP9 profiles 1 and 3 and AV1 profiles 1 and 2 (4:4:4, high bit depth) are left out: most receivers cannot decode them.</summary>
    private static bool IsForwardableProfile(SdpCodec c)
    {
        if (CodecNames.AreEqual(c.Name, CodecNames.Vp9))
            return !c.TryGetParameter("profile-id", out var p) || p is "0" or "2";
        if (CodecNames.AreEqual(c.Name, CodecNames.Av1))
            return !c.TryGetParameter("profile", out var p) || p == "0";
        return true;
    }

    /// <summary>
    /// Drops libwebrtc's <c>x-google-*</c> bitrate hints (livekit-client puts <c>x-google-start-bitrate</c> in
    /// its offers): echoed in an answer they would cap or pin the sender's rate, which transport-cc should set.
    /// </summary>
    internal static string? WithoutBitrateHints(string? fmtp)
    {
        if (fmtp is null || !fmtp.Contains("x-google-", StringComparison.OrdinalIgnoreCase)) return fmtp;
        var kept = fmtp.Split(';').Where(p => !p.Trim().StartsWith("x-google-", StringComparison.OrdinalIgnoreCase)).ToList();
        return kept.Count == 0 ? null : string.Join(";", kept);
    }

    private static List<RtcpFeedback> Filter(IReadOnlyList<RtcpFeedback> offered, IReadOnlyList<RtcpFeedback> allowed) =>
        offered.Where(allowed.Contains).ToList();

    private bool ValidateOptions([NotNullWhen(false)] out SdpNegotiationError? error)
    {
        var o = _options;
        string? reason = null;
        if (!SdpText.IsIceChars(o.IceUfrag, 4, 256)) reason = "IceUfrag must be 4-256 ice-chars";
        else if (!SdpText.IsIceChars(o.IcePwd, 22, 256)) reason = "IcePwd must be 22-256 ice-chars";
        else if (o.SetupRole is not (DtlsSetup.Active or DtlsSetup.Passive)) reason = "SetupRole must be Active or Passive";
        else if (o.SctpPort is < 1 or > 65535) reason = "SctpPort must be 1-65535";
        else if (o.MaxMessageSize < 0) reason = "MaxMessageSize must not be negative";
        else if (!SdpText.TryParseUInt(o.SessionId, long.MaxValue, out _)) reason = "SessionId must be digits";
        else if (o.Fingerprint is null) reason = "Fingerprint is required";
        else if (o.Candidates.Any(c => !IceCandidate.TryParse(c.ToString(), out _))) reason = "a candidate does not serialise to a valid a=candidate";
        else
        {
            foreach (var (mid, track) in o.SendTracks)
            {
                if (!track.IsValid(out var why))
                {
                    reason = $"track for mid {mid}: {why}";
                    break;
                }
            }
        }
        if (reason is null)
        {
            error = null;
            return true;
        }
        return Fail(SdpNegotiationErrorKind.InvalidOptions, null, reason, out error);
    }

    private static bool Fail(SdpNegotiationErrorKind kind, string? mid, string reason, out SdpNegotiationError error)
    {
        error = new SdpNegotiationError(kind, mid, reason);
        return false;
    }
}
