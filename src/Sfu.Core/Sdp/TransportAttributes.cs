namespace Sfu.Core.Sdp;

/// <summary>
/// Attributes allowed at both session and media level: ICE credentials and options (RFC 8839 section 5),
/// the DTLS fingerprint (RFC 8122) and setup role (RFC 4145), and header-extension maps (RFC 8285).
/// </summary>
internal static class TransportAttributes
{
    /// <summary>Parses <paramref name="a"/> into <paramref name="target"/> when it is one of these attributes; <paramref name="consumed"/> says whether it was.</summary>
    public static bool TryParse(SdpAttribute a, out bool consumed, SessionLevel target, out SdpParseError? error)
    {
        consumed = true;
        error = null;
        switch (a.Name)
        {
            case "ice-ufrag":
                if (target.IceUfrag is not null) return Duplicate(a, out error);
                // RFC 8839 section 5.4: ice-ufrag = 4*256ice-char.
                if (!SdpText.IsIceChars(a.Value, 4, 256))
                    return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidIceCredentials, "ice-ufrag must be 4-256 characters of ALPHA / DIGIT / '+' / '/'", out error!);
                target.IceUfrag = a.Value;
                return true;
            case "ice-pwd":
                if (target.IcePwd is not null) return Duplicate(a, out error);
                // RFC 8839 section 5.4: ice-pwd = 22*256ice-char.
                if (!SdpText.IsIceChars(a.Value, 22, 256))
                    return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidIceCredentials, "ice-pwd must be 22-256 characters of ALPHA / DIGIT / '+' / '/'", out error!);
                target.IcePwd = a.Value;
                return true;
            case "ice-options":
                if (a.Value is null) return Malformed(a, "ice-options needs at least one option", out error);
                foreach (var word in SdpText.Words(a.Value))
                {
                    // RFC 8839 separates options by spaces; libdatachannel writes "ice2,trickle", which is accepted as two.
                    foreach (var o in word.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!SdpText.IsIceChars(o, 1, 64) && !SdpText.IsToken(o, 64)) return Malformed(a, "an ICE option must be a token", out error);
                        if (target.IceOptions.Count < 32) target.IceOptions.Add(o);
                    }
                }
                return true;
            case "fingerprint":
                if (!SdpFingerprint.TryParse(a.Value, out var fp))
                    return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedFingerprint, "a=fingerprint needs <hash-func> <XX:XX:...> with the hash's length", out error!);
                if (target.Fingerprints.Count >= 8) return Malformed(a, "more than 8 fingerprints", out error);
                target.Fingerprints.Add(fp);
                return true;
            case "setup":
                if (target.Setup != DtlsSetup.None) return Duplicate(a, out error);
                target.Setup = a.Value switch
                {
                    "actpass" => DtlsSetup.ActPass,
                    "active" => DtlsSetup.Active,
                    "passive" => DtlsSetup.Passive,
                    "holdconn" => DtlsSetup.HoldConn,
                    _ => DtlsSetup.None,
                };
                if (target.Setup == DtlsSetup.None)
                    return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidSetup, "a=setup must be actpass, active, passive or holdconn", out error!);
                return true;
            case "extmap":
                if (!TryParseExtmap(a, out var ext, out error)) return false;
                foreach (var e in target.Extensions)
                {
                    if (e.Id == ext.Id)
                        return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidExtmapId, $"extension id {ext.Id} is mapped twice", out error!);
                    if (e.Uri == ext.Uri)
                        return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidExtmapId, $"'{ext.Uri}' is mapped to two ids", out error!);
                }
                target.Extensions.Add(ext);
                return true;
            default:
                consumed = false;
                return true;
        }
    }

    /// <summary>RFC 8285 section 8: <c>extmap:&lt;1-255&gt;["/"&lt;direction&gt;] &lt;URI&gt; [&lt;attributes&gt;]</c>.</summary>
    private static bool TryParseExtmap(SdpAttribute a, out HeaderExtension ext, out SdpParseError? error)
    {
        ext = null!;
        if (a.Value is null) return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedExtmap, "a=extmap needs <id> <uri>", out error!);
        var space = a.Value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedExtmap, "a=extmap needs <id> <uri>", out error!);
        var idPart = a.Value.AsSpan(0, space);
        var rest = a.Value[(space + 1)..].TrimStart(' ');
        MediaDirection? direction = null;
        var slash = idPart.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpText.TryParseDirection(idPart[(slash + 1)..].ToString(), out var d))
                return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedExtmap, "the extmap direction must be sendrecv, sendonly, recvonly or inactive", out error!);
            direction = d;
            idPart = idPart[..slash];
        }
        // Ids 1-14 fit the one-byte header form, 1-255 the two-byte form (RFC 8285 sections 4.2 and 4.3).
        // 0 is padding and never an id; 4096-4351 (offer-only ranges) are not used by WebRTC stacks.
        if (!SdpText.TryParseInt(idPart, 255, out var id) || id == 0)
            return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.InvalidExtmapId, $"'{SdpParser.Shorten(idPart.ToString())}' is not an extension id in 1-255", out error!);
        var uriEnd = rest.IndexOf(' ', StringComparison.Ordinal);
        var uri = uriEnd < 0 ? rest : rest[..uriEnd];
        var attributes = uriEnd < 0 ? null : rest[(uriEnd + 1)..];
        if (uri.Length == 0 || uri.Length > 256 || uri.Any(c => c <= ' '))
            return SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedExtmap, "a=extmap needs a URI", out error!);
        ext = new HeaderExtension(id, uri, direction, string.IsNullOrEmpty(attributes) ? null : attributes);
        error = null;
        return true;
    }

    private static bool Duplicate(SdpAttribute a, out SdpParseError? error) =>
        SdpParser.Fail(a.LineNumber, SdpParseErrorKind.DuplicateAttribute, $"a={a.Name} appears twice", out error!);

    private static bool Malformed(SdpAttribute a, string reason, out SdpParseError? error) =>
        SdpParser.Fail(a.LineNumber, SdpParseErrorKind.MalformedAttribute, reason, out error!);
}
