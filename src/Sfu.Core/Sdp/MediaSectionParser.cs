namespace Sfu.Core.Sdp;

/// <summary>Builds a <see cref="MediaSectionModel"/> from one section's attributes, checking each grammar it interprets.</summary>
internal static class MediaSectionParser
{
    /// <summary>Payload types with a static meaning (RFC 3551 section 6) that may appear without rtpmap.</summary>
    private static (string Name, int Clock, int Channels)? StaticPayloadType(int pt) => pt switch
    {
        0 => ("PCMU", 8000, 1),
        3 => ("GSM", 8000, 1),
        4 => ("G723", 8000, 1),
        8 => ("PCMA", 8000, 1),
        9 => ("G722", 8000, 1),
        13 => ("CN", 8000, 1),
        18 => ("G729", 8000, 1),
        _ => null,
    };

    public static bool TryParse(SessionLevel session, MediaDescription md, int index, out MediaSectionModel model, out SdpParseError? error)
    {
        model = null!;
        var transport = new SessionLevel();
        string? mid = null;
        var midLine = 0;
        MediaDirection? direction = null;
        var rtpmaps = new Dictionary<int, (string Name, int Clock, int Channels)>();
        var fmtps = new Dictionary<int, string>();
        var feedback = new List<(int Pt, RtcpFeedback Fb)>();
        var rids = new List<RidDescription>();
        SimulcastDescription? simulcast = null;
        var simulcastLine = 0;
        var ssrcs = new List<(uint Ssrc, List<SdpAttribute> Attributes)>();
        var groups = new List<SsrcGroup>();
        var msids = new List<Msid>();
        var candidates = new List<IceCandidate>();
        bool endOfCandidates = false, rtcpMux = false, rtcpRsize = false, bundleOnly = false, allowMixed = false;
        int? sctpPort = null;
        long? maxMessageSize = null;
        var extmapLines = new Dictionary<int, int>();
        var payloadTypes = md.IsRtp ? md.Formats.Select(f => int.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet() : [];

        foreach (var a in md.Attributes)
        {
            if (!TransportAttributes.TryParse(a, out var consumed, transport, out error)) return false;
            if (consumed)
            {
                if (a.Name == "extmap") extmapLines[transport.Extensions[^1].Id] = a.LineNumber;
                continue;
            }
            switch (a.Name)
            {
                case "mid":
                    if (mid is not null) return Fail(a, SdpParseErrorKind.DuplicateAttribute, "a=mid appears twice", out error);
                    // RFC 5888 section 4: identification-tag = token. The length bound keeps it fit for the
                    // sdes:mid header extension (RFC 8843 section 15.1) and for logs.
                    if (!SdpText.IsToken(a.Value, SdpLimits.MaxIdentifierLength))
                        return Fail(a, SdpParseErrorKind.InvalidMid, $"a=mid must be a token of 1-{SdpLimits.MaxIdentifierLength} characters", out error);
                    mid = a.Value;
                    midLine = a.LineNumber;
                    break;
                case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                    if (direction is not null) return Fail(a, SdpParseErrorKind.ConflictingDirection, "two direction attributes in one section", out error);
                    SdpText.TryParseDirection(a.Name, out var d);
                    direction = d;
                    break;
                case "rtpmap":
                    if (!TryParseRtpmap(a, out var pt, out var map, out error)) return false;
                    // libwebrtc ignores an rtpmap for a payload type the m-line does not list; so do we.
                    if (!payloadTypes.Contains(pt)) break;
                    if (!rtpmaps.TryAdd(pt, map)) return Fail(a, SdpParseErrorKind.DuplicateCodecAttribute, $"two a=rtpmap lines for payload type {pt}", out error);
                    break;
                case "fmtp":
                    if (!TryParseFmtp(a, out var fpt, out var parameters, out error)) return false;
                    if (!payloadTypes.Contains(fpt)) break;
                    if (!fmtps.TryAdd(fpt, parameters)) return Fail(a, SdpParseErrorKind.DuplicateCodecAttribute, $"two a=fmtp lines for payload type {fpt}", out error);
                    break;
                case "rtcp-fb":
                    if (!TryParseRtcpFb(a, out var fbPt, out var fb, out error)) return false;
                    if (feedback.Count < 1024) feedback.Add((fbPt, fb));
                    break;
                case "rid":
                    if (!TryParseRid(a, out var rid, out error)) return false;
                    if (rids.Any(r => r.Id == rid.Id)) return Fail(a, SdpParseErrorKind.MalformedRid, $"rid '{rid.Id}' appears twice", out error);
                    rids.Add(rid);
                    break;
                case "simulcast":
                    if (simulcast is not null) return Fail(a, SdpParseErrorKind.DuplicateAttribute, "a=simulcast appears twice", out error);
                    if (!TryParseSimulcast(a, out simulcast, out error)) return false;
                    simulcastLine = a.LineNumber;
                    break;
                case "ssrc":
                    if (!TryParseSsrc(a, out var ssrc, out var ssrcAttribute, out error)) return false;
                    var entry = ssrcs.FindIndex(s => s.Ssrc == ssrc);
                    if (entry < 0)
                    {
                        ssrcs.Add((ssrc, []));
                        entry = ssrcs.Count - 1;
                    }
                    ssrcs[entry].Attributes.Add(ssrcAttribute);
                    break;
                case "ssrc-group":
                    if (!TryParseSsrcGroup(a, out var group, out error)) return false;
                    groups.Add(group);
                    break;
                case "msid":
                    if (!TryParseMsid(a.Value, out var msid))
                        return Fail(a, SdpParseErrorKind.MalformedMsid, "a=msid needs <stream id> [<track id>], tokens of 1-64 characters", out error);
                    if (msids.Count >= 16) return Fail(a, SdpParseErrorKind.MalformedMsid, "more than 16 a=msid lines", out error);
                    msids.Add(msid);
                    break;
                case "candidate":
                    if (!IceCandidate.TryParse(a.Value, out var candidate))
                        return Fail(a, SdpParseErrorKind.MalformedCandidate, "a=candidate needs <foundation> <component> <transport> <priority> <address> <port> typ <type> [<name> <value>]...", out error);
                    if (candidates.Count >= 256) return Fail(a, SdpParseErrorKind.MalformedCandidate, "more than 256 candidates", out error);
                    candidates.Add(candidate);
                    break;
                case "end-of-candidates":
                    endOfCandidates = true;
                    break;
                case "rtcp-mux":
                    rtcpMux = true;
                    break;
                case "rtcp-rsize":
                    rtcpRsize = true;
                    break;
                case "bundle-only":
                    bundleOnly = true;
                    break;
                case "extmap-allow-mixed":
                    allowMixed = true;
                    break;
                case "sctp-port":
                    if (sctpPort is not null) return Fail(a, SdpParseErrorKind.DuplicateAttribute, "a=sctp-port appears twice", out error);
                    if (!SdpText.TryParseInt(a.Value, 65535, out var sp) || sp == 0)
                        return Fail(a, SdpParseErrorKind.MalformedSctp, "a=sctp-port must be a port in 1-65535", out error);
                    sctpPort = sp;
                    break;
                case "sctpmap":
                    // Legacy form (draft-ietf-mmusic-sctp-sdp-05): a=sctpmap:<port> webrtc-datachannel [<streams>].
                    var words = a.Value is null ? [] : SdpText.Words(a.Value);
                    if (words.Length < 2 || !SdpText.TryParseInt(words[0], 65535, out var mp) || mp == 0)
                        return Fail(a, SdpParseErrorKind.MalformedSctp, "a=sctpmap needs <port> <protocol>", out error);
                    sctpPort ??= mp;
                    break;
                case "max-message-size":
                    if (maxMessageSize is not null) return Fail(a, SdpParseErrorKind.DuplicateAttribute, "a=max-message-size appears twice", out error);
                    if (!SdpText.TryParseUInt(a.Value, long.MaxValue, out var mms))
                        return Fail(a, SdpParseErrorKind.MalformedSctp, "a=max-message-size must be a non-negative number", out error);
                    maxMessageSize = mms;
                    break;
            }
        }

        // RFC 8853 section 5.1: every rid in a=simulcast must be described by an a=rid of the same direction.
        if (simulcast is not null)
        {
            foreach (var (streams, dir) in new[] { (simulcast.Send, RidDirection.Send), (simulcast.Receive, RidDirection.Recv) })
            {
                foreach (var alternatives in streams)
                {
                    foreach (var r in alternatives)
                    {
                        if (!rids.Any(x => x.Id == r.Id && x.Direction == dir))
                            return SdpParser.Fail(simulcastLine, SdpParseErrorKind.MalformedSimulcast, $"rid '{r.Id}' has no a=rid:{r.Id} {(dir == RidDirection.Send ? "send" : "recv")} line", out error!);
                    }
                }
            }
        }

        var codecs = new List<SdpCodec>();
        var rtxMap = new Dictionary<byte, byte>();
        byte? red = null;
        if (md.IsRtp)
        {
            foreach (var f in md.Formats)
            {
                var pt = int.Parse(f, System.Globalization.CultureInfo.InvariantCulture);
                var (name, clock, channels) = rtpmaps.TryGetValue(pt, out var m) ? m : StaticPayloadType(pt) ?? (string.Empty, 0, 0);
                var fbs = feedback.Where(x => x.Pt == pt || x.Pt < 0).Select(x => x.Fb).Distinct().ToList();
                codecs.Add(new SdpCodec((byte)pt, name, clock, channels, fmtps.GetValueOrDefault(pt), fbs));
            }
            foreach (var c in codecs)
            {
                if (c.IsRed && red is null) red = c.PayloadType;
                if (!c.IsRtx) continue;
                if (!c.TryGetParameter("apt", out var aptText)) continue;
                if (!SdpText.TryParseInt(aptText, 127, out var apt))
                {
                    var line = md.Attributes.FirstOrDefault(x => x.Name == "fmtp" && x.Value!.StartsWith(c.PayloadType + " ", StringComparison.Ordinal))?.LineNumber ?? md.LineNumber;
                    return SdpParser.Fail(line, SdpParseErrorKind.MalformedFmtp, $"apt '{SdpParser.Shorten(aptText)}' of payload type {c.PayloadType} is not a payload type", out error!);
                }
                if (payloadTypes.Contains(apt) && apt != c.PayloadType) rtxMap[c.PayloadType] = (byte)apt;
            }
        }

        var ssrcModels = new List<SsrcDescription>(ssrcs.Count);
        foreach (var (ssrc, attributes) in ssrcs)
        {
            string? cname = null, stream = null, track = null;
            foreach (var a in attributes)
            {
                if (a.Name == "cname") cname ??= a.Value;
                else if (a.Name == "msid" && stream is null && a.Value is not null && TryParseMsid(a.Value, out var m))
                {
                    stream = m.StreamId;
                    track = m.TrackId;
                }
            }
            ssrcModels.Add(new SsrcDescription(ssrc, cname, stream, track, attributes));
        }

        var extensions = transport.Extensions.Count > 0 ? transport.Extensions : session.Extensions;
        var port = md.Port;
        model = new MediaSectionModel
        {
            Index = index,
            Mid = mid,
            MidLineNumber = midLine,
            Kind = md.Media switch
            {
                "audio" => MediaKind.Audio,
                "video" => MediaKind.Video,
                "application" => MediaKind.Application,
                _ => MediaKind.Other,
            },
            Description = md,
            Port = port,
            Protocol = md.Protocol,
            IsBundleOnly = bundleOnly,
            IsRejected = port == 0 && !bundleOnly,
            Direction = direction ?? session.Direction ?? MediaDirection.SendRecv,
            Codecs = codecs,
            RtxMap = rtxMap,
            RedPayloadType = red,
            HeaderExtensions = extensions.ToList(),
            ExtmapLines = extmapLines,
            ExtmapAllowMixed = allowMixed || session.ExtmapAllowMixed,
            Rids = rids,
            Simulcast = simulcast,
            Ssrcs = ssrcModels,
            SsrcGroups = groups,
            Msids = msids,
            IceUfrag = transport.IceUfrag ?? session.IceUfrag,
            IcePwd = transport.IcePwd ?? session.IcePwd,
            IceOptions = transport.IceOptions.Count > 0 ? transport.IceOptions : session.IceOptions.ToList(),
            Fingerprints = transport.Fingerprints.Count > 0 ? transport.Fingerprints : session.Fingerprints.ToList(),
            Setup = transport.Setup != DtlsSetup.None ? transport.Setup : session.Setup,
            Candidates = candidates,
            EndOfCandidates = endOfCandidates,
            RtcpMux = rtcpMux,
            RtcpReducedSize = rtcpRsize,
            SctpPort = sctpPort,
            MaxMessageSize = maxMessageSize,
        };
        error = null;
        return true;
    }

    /// <summary>RFC 8866 section 6.6: <c>rtpmap:&lt;pt&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c>.</summary>
    private static bool TryParseRtpmap(SdpAttribute a, out int pt, out (string Name, int Clock, int Channels) map, out SdpParseError? error)
    {
        pt = 0;
        map = default;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length != 2) return Fail(a, SdpParseErrorKind.MalformedRtpmap, "a=rtpmap needs <pt> <name>/<clock>[/<channels>]", out error);
        if (!SdpText.TryParseInt(w[0], 127, out pt))
            return Fail(a, SdpParseErrorKind.InvalidPayloadType, $"'{SdpParser.Shorten(w[0])}' is not a payload type in 0-127", out error);
        var parts = w[1].Split('/');
        if (parts.Length is < 2 or > 3 || !SdpText.IsToken(parts[0], 64))
            return Fail(a, SdpParseErrorKind.MalformedRtpmap, "a=rtpmap needs <pt> <name>/<clock>[/<channels>]", out error);
        if (!SdpText.TryParseInt(parts[1], 100_000_000, out var clock) || clock == 0)
            return Fail(a, SdpParseErrorKind.MalformedRtpmap, "the clock rate must be a positive number", out error);
        var channels = 0;
        if (parts.Length == 3 && (!SdpText.TryParseInt(parts[2], 255, out channels) || channels == 0))
            return Fail(a, SdpParseErrorKind.MalformedRtpmap, "the channel count must be 1-255", out error);
        map = (parts[0], clock, channels);
        error = null;
        return true;
    }

    /// <summary>RFC 8866 section 6.15: <c>fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c>.</summary>
    private static bool TryParseFmtp(SdpAttribute a, out int pt, out string parameters, out SdpParseError? error)
    {
        pt = 0;
        parameters = string.Empty;
        var value = a.Value ?? string.Empty;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return Fail(a, SdpParseErrorKind.MalformedFmtp, "a=fmtp needs <pt> <parameters>", out error);
        if (!SdpText.TryParseInt(value.AsSpan(0, space), 127, out pt))
            return Fail(a, SdpParseErrorKind.InvalidPayloadType, $"'{SdpParser.Shorten(value[..space])}' is not a payload type in 0-127", out error);
        parameters = value[(space + 1)..].Trim(' ');
        if (parameters.Length == 0) return Fail(a, SdpParseErrorKind.MalformedFmtp, "a=fmtp has no parameters", out error);
        error = null;
        return true;
    }

    /// <summary>RFC 4585 section 4.2: <c>rtcp-fb:&lt;pt|*&gt; &lt;type&gt; [&lt;parameter&gt;]</c>.</summary>
    private static bool TryParseRtcpFb(SdpAttribute a, out int pt, out RtcpFeedback fb, out SdpParseError? error)
    {
        pt = -1;
        fb = default;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length is < 2 or > 4) return Fail(a, SdpParseErrorKind.MalformedRtcpFeedback, "a=rtcp-fb needs <pt|*> <type> [<parameter>]", out error);
        if (w[0] != "*" && !SdpText.TryParseInt(w[0], 127, out pt))
            return Fail(a, SdpParseErrorKind.InvalidPayloadType, $"'{SdpParser.Shorten(w[0])}' is not a payload type in 0-127", out error);
        if (!SdpText.IsToken(w[1], 64) || (w.Length > 2 && !w.Skip(2).All(x => SdpText.IsToken(x, 64))))
            return Fail(a, SdpParseErrorKind.MalformedRtcpFeedback, "the feedback type must be a token", out error);
        fb = new RtcpFeedback(w[1], w.Length > 2 ? string.Join(" ", w.Skip(2)) : null);
        error = null;
        return true;
    }

    /// <summary>RFC 8851 section 10: <c>rid:&lt;rid-id&gt; SP &lt;send|recv&gt; [SP &lt;rid-pt-param-list&gt;]</c>.</summary>
    private static bool TryParseRid(SdpAttribute a, out RidDescription rid, out SdpParseError? error)
    {
        rid = null!;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length is < 2 or > 3 || !SdpText.IsRidId(w[0]))
            return Fail(a, SdpParseErrorKind.MalformedRid, "a=rid needs <rid-id> <send|recv> [<restrictions>], rid-id being 1-64 of ALPHA / DIGIT / '-' / '_'", out error);
        RidDirection direction;
        if (w[1] == "send") direction = RidDirection.Send;
        else if (w[1] == "recv") direction = RidDirection.Recv;
        else return Fail(a, SdpParseErrorKind.MalformedRid, "the rid direction must be send or recv", out error);
        rid = new RidDescription(w[0], direction, w.Length == 3 ? w[2] : null);
        error = null;
        return true;
    }

    /// <summary>RFC 8853 section 5.1: <c>simulcast:&lt;send|recv&gt; &lt;list&gt; [&lt;send|recv&gt; &lt;list&gt;]</c>; list = streams separated by ';', alternatives by ','; '~' marks paused.</summary>
    private static bool TryParseSimulcast(SdpAttribute a, out SimulcastDescription? simulcast, out SdpParseError? error)
    {
        simulcast = null;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length is not (2 or 4)) return Fail(a, SdpParseErrorKind.MalformedSimulcast, "a=simulcast needs <send|recv> <rid list> [<send|recv> <rid list>]", out error);
        IReadOnlyList<IReadOnlyList<SimulcastRid>> send = [], recv = [];
        var sawSend = false;
        var sawRecv = false;
        for (var i = 0; i < w.Length; i += 2)
        {
            var list = w[i + 1];
            // Pre-RFC drafts (and old Firefox) wrote "send rid=a;b"; the prefix carries nothing else.
            if (list.StartsWith("rid=", StringComparison.Ordinal)) list = list[4..];
            var streams = new List<IReadOnlyList<SimulcastRid>>();
            foreach (var stream in list.Split(';'))
            {
                var alternatives = new List<SimulcastRid>();
                foreach (var alt in stream.Split(','))
                {
                    var paused = alt.StartsWith('~');
                    var id = paused ? alt[1..] : alt;
                    if (!SdpText.IsRidId(id)) return Fail(a, SdpParseErrorKind.MalformedSimulcast, $"'{SdpParser.Shorten(id)}' is not a rid", out error);
                    alternatives.Add(new SimulcastRid(id, paused));
                }
                streams.Add(alternatives);
                if (streams.Count > 16) return Fail(a, SdpParseErrorKind.MalformedSimulcast, "more than 16 simulcast streams", out error);
            }
            if (w[i] == "send" && !sawSend) { send = streams; sawSend = true; }
            else if (w[i] == "recv" && !sawRecv) { recv = streams; sawRecv = true; }
            else return Fail(a, SdpParseErrorKind.MalformedSimulcast, "the simulcast direction must be send or recv, each at most once", out error);
        }
        simulcast = new SimulcastDescription(send, recv);
        error = null;
        return true;
    }

    /// <summary>RFC 5576 section 4.1: <c>ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c>.</summary>
    private static bool TryParseSsrc(SdpAttribute a, out uint ssrc, out SdpAttribute attribute, out SdpParseError? error)
    {
        ssrc = 0;
        attribute = null!;
        var value = a.Value ?? string.Empty;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpText.TryParseUInt(value.AsSpan(0, space), uint.MaxValue, out var s))
            return Fail(a, SdpParseErrorKind.MalformedSsrc, "a=ssrc needs <ssrc 0-4294967295> <attribute>[:<value>]", out error);
        ssrc = (uint)s;
        var rest = value[(space + 1)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpText.IsToken(name, 64)) return Fail(a, SdpParseErrorKind.MalformedSsrc, "the ssrc attribute name must be a token", out error);
        var v = colon < 0 ? null : rest[(colon + 1)..];
        if (name == "cname" && (string.IsNullOrEmpty(v) || v.Length > 255))
            return Fail(a, SdpParseErrorKind.MalformedSsrc, "a CNAME must be 1-255 characters", out error);
        attribute = new SdpAttribute(name, v, a.LineNumber);
        error = null;
        return true;
    }

    /// <summary>RFC 5576 section 4.2: <c>ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt;...</c>.</summary>
    private static bool TryParseSsrcGroup(SdpAttribute a, out SsrcGroup group, out SdpParseError? error)
    {
        group = null!;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length < 2 || w.Length > 33 || !SdpText.IsToken(w[0], 32))
            return Fail(a, SdpParseErrorKind.MalformedSsrc, "a=ssrc-group needs <semantics> and 1-32 SSRCs", out error);
        var list = new List<uint>(w.Length - 1);
        for (var i = 1; i < w.Length; i++)
        {
            if (!SdpText.TryParseUInt(w[i], uint.MaxValue, out var s))
                return Fail(a, SdpParseErrorKind.MalformedSsrc, $"'{SdpParser.Shorten(w[i])}' is not an SSRC", out error);
            list.Add((uint)s);
        }
        // RFC 4588 section 8.1 / RFC 5576: FID names exactly a media SSRC and its repair SSRC.
        if (w[0] == SsrcGroup.Fid && list.Count != 2)
            return Fail(a, SdpParseErrorKind.MalformedSsrc, "a=ssrc-group:FID needs exactly two SSRCs", out error);
        group = new SsrcGroup(w[0], list);
        error = null;
        return true;
    }

    /// <summary>RFC 8830 section 2: <c>msid:&lt;msid-id&gt; [&lt;msid-appdata&gt;]</c>, each 1*64token-char.</summary>
    internal static bool TryParseMsid(string? value, out Msid msid)
    {
        msid = null!;
        var w = value is null ? [] : SdpText.Words(value);
        if (w.Length is < 1 or > 2) return false;
        if (!SdpText.IsToken(w[0], SdpLimits.MaxIdentifierLength)) return false;
        if (w.Length == 2 && !SdpText.IsToken(w[1], SdpLimits.MaxIdentifierLength)) return false;
        msid = new Msid(w[0], w.Length == 2 ? w[1] : null);
        return true;
    }

    private static bool Fail(SdpAttribute a, SdpParseErrorKind kind, string reason, out SdpParseError? error) =>
        SdpParser.Fail(a.LineNumber, kind, reason, out error!);
}
