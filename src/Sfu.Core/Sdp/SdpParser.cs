namespace Sfu.Core.Sdp;

/// <summary>
/// The line-level parser (RFC 8866 section 5 and 9): splits lines, enforces the v/o/s head, the line types
/// allowed at each level and the size limits, then hands each media section to <see cref="MediaSectionParser"/>
/// and checks what spans sections (unique mids, group members, one extension map per BUNDLE group).
/// </summary>
internal static class SdpParser
{
    // RFC 8866 section 5: the type letters. Anything else makes the whole description unusable.
    private const string SessionTypes = "iuepcbtrzka";
    private const string MediaTypes = "icbka";

    public static bool TryParse(string? text, out SessionDescription? description, out SdpParseError? error)
    {
        description = null;
        if (string.IsNullOrEmpty(text)) return Fail(0, SdpParseErrorKind.Empty, "no text", out error);
        if (text.Length > SdpLimits.MaxDescriptionLength)
            return Fail(0, SdpParseErrorKind.TooLong, $"{text.Length} characters, the limit is {SdpLimits.MaxDescriptionLength}", out error);

        SdpOrigin? origin = null;
        string? sessionName = null;
        var sessionLines = new List<SdpLine>();
        var sessionAttributes = new List<SdpAttribute>();
        var media = new List<MediaDescription>();
        var sawVersion = false;
        var sawTiming = false;

        // The section being read: m-line fields, other lines, attributes.
        (string Media, int Port, int? PortCount, string Proto, List<string> Formats, int Line)? current = null;
        List<SdpLine>? mediaLines = null;
        List<SdpAttribute>? mediaAttributes = null;

        var lineNumber = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            lineNumber++;
            if (lineNumber > SdpLimits.MaxLines)
                return Fail(lineNumber, SdpParseErrorKind.TooManyLines, $"more than {SdpLimits.MaxLines} lines", out error);
            var nl = text.IndexOf('\n', pos);
            var end = nl < 0 ? text.Length : nl;
            var next = nl < 0 ? text.Length : nl + 1;
            if (end > pos && text[end - 1] == '\r') end--;
            var length = end - pos;
            if (length > SdpLimits.MaxLineLength)
                return Fail(lineNumber, SdpParseErrorKind.LineTooLong, $"{length} characters, the limit is {SdpLimits.MaxLineLength}", out error);
            var line = text.AsSpan(pos, length);
            pos = next;
            if (line.IsEmpty) continue; // a blank line (e.g. a doubled final CRLF) carries nothing
            foreach (var c in line)
            {
                if (c < ' ' || c == '\u007f')
                    return Fail(lineNumber, SdpParseErrorKind.InvalidCharacter, $"control character 0x{(int)c:x2}", out error);
            }
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
                return Fail(lineNumber, SdpParseErrorKind.MalformedLine, "a line must be <lower-case letter>=<value>", out error);
            var type = line[0];
            var value = line[2..].ToString();

            if (!sawVersion)
            {
                if (type != 'v') return Fail(lineNumber, SdpParseErrorKind.MissingVersion, "the first line must be v=", out error);
                if (value != "0") return Fail(lineNumber, SdpParseErrorKind.UnsupportedVersion, "v= must be 0", out error);
                sawVersion = true;
                continue;
            }
            if (origin is null)
            {
                if (type != 'o') return Fail(lineNumber, SdpParseErrorKind.MissingOrigin, "the second line must be o=", out error);
                var f = value.Split(' ');
                if (f.Length != 6 || f.Any(string.IsNullOrEmpty) || !f[1].All(char.IsAsciiDigit) || !f[2].All(char.IsAsciiDigit)
                    || f[1].Length > 20 || f[2].Length > 20)
                    return Fail(lineNumber, SdpParseErrorKind.MalformedOrigin, "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>", out error);
                origin = new SdpOrigin(f[0], f[1], f[2], f[3], f[4], f[5]);
                continue;
            }
            if (sessionName is null)
            {
                if (type != 's') return Fail(lineNumber, SdpParseErrorKind.MissingSessionName, "the third line must be s=", out error);
                sessionName = value;
                continue;
            }

            if (type == 'm')
            {
                if (current is null && !sawTiming)
                    return Fail(lineNumber, SdpParseErrorKind.MissingTiming, "no t= line before the first m= line", out error);
                if (current is { } done) media.Add(new MediaDescription(done.Media, done.Port, done.PortCount, done.Proto, done.Formats, mediaLines!, mediaAttributes!, done.Line));
                if (media.Count >= SdpLimits.MaxMediaSections)
                    return Fail(lineNumber, SdpParseErrorKind.TooManyMediaSections, $"more than {SdpLimits.MaxMediaSections} media sections", out error);
                if (!TryParseMediaLine(value, lineNumber, out var m, out error)) return false;
                current = m;
                mediaLines = [];
                mediaAttributes = [];
                continue;
            }

            if (current is null)
            {
                if (!SessionTypes.Contains(type, StringComparison.Ordinal))
                    return UnknownOrMisplaced(type, lineNumber, "session", out error);
                if (type == 'a')
                {
                    if (sessionAttributes.Count >= SdpLimits.MaxAttributesPerSection)
                        return Fail(lineNumber, SdpParseErrorKind.TooManyAttributes, "too many session attributes", out error);
                    if (!TrySplitAttribute(value, lineNumber, out var a, out error)) return false;
                    sessionAttributes.Add(a);
                }
                else
                {
                    if (type == 't') sawTiming = true;
                    sessionLines.Add(new SdpLine(type, value, lineNumber));
                }
            }
            else
            {
                if (!MediaTypes.Contains(type, StringComparison.Ordinal))
                    return UnknownOrMisplaced(type, lineNumber, "media", out error);
                if (mediaLines!.Count + mediaAttributes!.Count >= SdpLimits.MaxAttributesPerSection)
                    return Fail(lineNumber, SdpParseErrorKind.TooManyAttributes, $"more than {SdpLimits.MaxAttributesPerSection} lines in one media section", out error);
                if (type == 'a')
                {
                    if (!TrySplitAttribute(value, lineNumber, out var a, out error)) return false;
                    mediaAttributes.Add(a);
                }
                else
                {
                    mediaLines.Add(new SdpLine(type, value, lineNumber));
                }
            }
        }

        if (!sawVersion) return Fail(0, SdpParseErrorKind.MissingVersion, "no v= line", out error);
        if (origin is null) return Fail(0, SdpParseErrorKind.MissingOrigin, "no o= line", out error);
        if (sessionName is null) return Fail(0, SdpParseErrorKind.MissingSessionName, "no s= line", out error);
        if (!sawTiming) return Fail(0, SdpParseErrorKind.MissingTiming, "no t= line", out error);
        if (current is { } last) media.Add(new MediaDescription(last.Media, last.Port, last.PortCount, last.Proto, last.Formats, mediaLines!, mediaAttributes!, last.Line));

        var session = new SessionLevel();
        if (!TryParseSessionAttributes(sessionAttributes, session, out error)) return false;

        var sections = new List<MediaSectionModel>(media.Count);
        var mids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < media.Count; i++)
        {
            if (!MediaSectionParser.TryParse(session, media[i], i, out var model, out error)) return false;
            if (model.Mid is { } mid && !mids.TryAdd(mid, i))
                return Fail(model.MidLineNumber, SdpParseErrorKind.DuplicateMid, $"mid '{mid}' is already used by media section {mids[mid]}", out error);
            sections.Add(model);
        }

        if (!TryCheckGroups(session, sessionAttributes, sections, mids, out error)) return false;

        description = new SessionDescription(origin, sessionName, sessionLines, sessionAttributes, media, session, sections);
        error = null;
        return true;
    }

    private static bool UnknownOrMisplaced(char type, int lineNumber, string level, out SdpParseError error)
    {
        const string known = "vosiuepcbtrzkam";
        return known.Contains(type, StringComparison.Ordinal)
            ? Fail(lineNumber, SdpParseErrorKind.LineOutOfOrder, $"'{type}=' is not allowed at {level} level", out error)
            : Fail(lineNumber, SdpParseErrorKind.UnknownLineType, $"'{type}=' is not an SDP line type", out error);
    }

    private static bool TrySplitAttribute(string value, int lineNumber, out SdpAttribute attribute, out SdpParseError? error)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? value : value[..colon];
        attribute = new SdpAttribute(name, colon < 0 ? null : value[(colon + 1)..], lineNumber);
        if (!SdpText.IsToken(name, 256))
            return Fail(lineNumber, SdpParseErrorKind.MalformedLine, "an attribute name must be a token", out error);
        error = null;
        return true;
    }

    private static bool TryParseMediaLine(string value, int lineNumber,
        out (string Media, int Port, int? PortCount, string Proto, List<string> Formats, int Line) m, out SdpParseError? error)
    {
        m = default;
        var w = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length < 4)
            return Fail(lineNumber, SdpParseErrorKind.MalformedMediaLine, "m= needs <media> <port> <proto> <fmt> ...", out error);
        if (!SdpText.IsToken(w[0], 32))
            return Fail(lineNumber, SdpParseErrorKind.MalformedMediaLine, "the media type must be a token", out error);
        var portText = w[1].AsSpan();
        int? portCount = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpText.TryParseInt(portText[(slash + 1)..], 65535, out var count) || count < 1)
                return Fail(lineNumber, SdpParseErrorKind.InvalidPort, "the port count must be a positive number", out error);
            portCount = count;
            portText = portText[..slash];
        }
        if (!SdpText.TryParseInt(portText, 65535, out var port))
            return Fail(lineNumber, SdpParseErrorKind.InvalidPort, $"'{w[1]}' is not a port in 0-65535", out error);
        var proto = w[2];
        if (!proto.All(c => SdpText.IsTokenChar(c) || c == '/') || proto.Length > 64)
            return Fail(lineNumber, SdpParseErrorKind.MalformedMediaLine, "the protocol must be tokens separated by '/'", out error);
        var formats = new List<string>(w.Length - 3);
        if (w.Length - 3 > 128)
            return Fail(lineNumber, SdpParseErrorKind.MalformedMediaLine, "more than 128 formats", out error);
        var rtp = MediaDescription.IsRtpProtocol(proto);
        var seen = new HashSet<int>();
        for (var i = 3; i < w.Length; i++)
        {
            if (rtp)
            {
                if (!SdpText.TryParseInt(w[i], 127, out var pt))
                    return Fail(lineNumber, SdpParseErrorKind.InvalidPayloadType, $"'{Shorten(w[i])}' is not a payload type in 0-127", out error);
                if (!seen.Add(pt))
                    return Fail(lineNumber, SdpParseErrorKind.DuplicatePayloadType, $"payload type {pt} is listed twice", out error);
            }
            else if (!SdpText.IsToken(w[i], 64))
            {
                return Fail(lineNumber, SdpParseErrorKind.MalformedMediaLine, "a format must be a token", out error);
            }
            formats.Add(w[i]);
        }
        m = (w[0], port, portCount, proto, formats, lineNumber);
        error = null;
        return true;
    }

    private static bool TryParseSessionAttributes(List<SdpAttribute> attributes, SessionLevel session, out SdpParseError? error)
    {
        foreach (var a in attributes)
        {
            switch (a.Name)
            {
                case "group":
                    if (!TryParseGroup(a, out var group, out error)) return false;
                    session.Groups.Add(group);
                    break;
                case "ice-lite":
                    session.IceLite = true;
                    break;
                case "extmap-allow-mixed":
                    session.ExtmapAllowMixed = true;
                    break;
                case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                    if (session.Direction is not null)
                        return Fail(a.LineNumber, SdpParseErrorKind.ConflictingDirection, "two session-level direction attributes", out error);
                    SdpText.TryParseDirection(a.Name, out var d);
                    session.Direction = d;
                    break;
                default:
                    if (!TransportAttributes.TryParse(a, out var consumed, session, out error)) return false;
                    _ = consumed;
                    break;
            }
        }
        error = null;
        return true;
    }

    private static bool TryParseGroup(SdpAttribute a, out SdpGroup group, out SdpParseError? error)
    {
        group = null!;
        var w = a.Value is null ? [] : SdpText.Words(a.Value);
        if (w.Length == 0 || !SdpText.IsToken(w[0], 32))
            return Fail(a.LineNumber, SdpParseErrorKind.MalformedGroup, "a=group needs <semantics> <mid>...", out error);
        var mids = new List<string>(w.Length - 1);
        for (var i = 1; i < w.Length; i++)
        {
            if (!SdpText.IsToken(w[i], SdpLimits.MaxIdentifierLength))
                return Fail(a.LineNumber, SdpParseErrorKind.MalformedGroup, "a group member must be a mid token", out error);
            if (mids.Contains(w[i]))
                return Fail(a.LineNumber, SdpParseErrorKind.MalformedGroup, $"mid '{w[i]}' is listed twice", out error);
            mids.Add(w[i]);
        }
        group = new SdpGroup(w[0], mids);
        error = null;
        return true;
    }

    private static bool TryCheckGroups(SessionLevel session, List<SdpAttribute> attributes, List<MediaSectionModel> sections,
        Dictionary<string, int> mids, out SdpParseError? error)
    {
        var groupIndex = 0;
        foreach (var a in attributes)
        {
            if (a.Name != "group") continue;
            var group = session.Groups[groupIndex++];
            foreach (var mid in group.Mids)
            {
                if (!mids.ContainsKey(mid))
                    return Fail(a.LineNumber, SdpParseErrorKind.MalformedGroup, $"group member '{mid}' is no section's mid", out error);
            }
            if (!group.IsBundle) continue;
            // RFC 8843 section 9.1.2: one extension id means one thing across the whole BUNDLE group, because
            // all its RTP arrives on one transport and is parsed before the mid is known.
            var byId = new Dictionary<int, string>();
            foreach (var mid in group.Mids)
            {
                var section = sections[mids[mid]];
                foreach (var ext in section.HeaderExtensions)
                {
                    if (byId.TryGetValue(ext.Id, out var uri) && uri != ext.Uri)
                        return Fail(section.ExtmapLineNumber(ext.Id), SdpParseErrorKind.ConflictingExtmap,
                            $"extension id {ext.Id} is '{ext.Uri}' in mid '{mid}' but '{uri}' elsewhere in the BUNDLE group", out error);
                    byId[ext.Id] = ext.Uri;
                }
            }
        }
        error = null;
        return true;
    }

    internal static string Shorten(string s) => s.Length <= 24 ? s : s[..24] + "...";

    internal static bool Fail(int line, SdpParseErrorKind kind, string reason, out SdpParseError error)
    {
        error = new SdpParseError(line, kind, reason);
        return false;
    }
}
