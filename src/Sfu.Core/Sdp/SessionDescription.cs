using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// A parsed session description (RFC 8866), immutable. <see cref="TryParse"/> checks the grammar of every
/// line this server interprets and builds the typed per-section <see cref="Sections"/>; every line,
/// interpreted or not, is kept in order, so <see cref="ToString"/> writes back an equivalent description
/// (the same lines, CRLF-terminated).
/// </summary>
/// <remarks>
/// Control plane: strings and lists are fine here. The contract that matters is robustness: any input,
/// however hostile, ends as either a description or an <see cref="SdpParseError"/> with a line number and
/// a reason; no exception leaves <see cref="TryParse"/>.
/// </remarks>
public sealed class SessionDescription
{
    internal SessionDescription(SdpOrigin origin, string sessionName, IReadOnlyList<SdpLine> lines,
        IReadOnlyList<SdpAttribute> attributes, IReadOnlyList<MediaDescription> media, SessionLevel session,
        IReadOnlyList<MediaSectionModel> sections)
    {
        Origin = origin;
        SessionName = sessionName;
        Lines = lines;
        Attributes = attributes;
        Media = media;
        Session = session;
        Sections = sections;
    }

    /// <summary>The <c>o=</c> line.</summary>
    public SdpOrigin Origin { get; }

    /// <summary>The <c>s=</c> value (browsers write <c>-</c>).</summary>
    public string SessionName { get; }

    /// <summary>Session-level lines other than v, o, s and attributes (t=, c=, b=, ...), in order.</summary>
    public IReadOnlyList<SdpLine> Lines { get; }

    /// <summary>Session-level attributes, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; }

    /// <summary>The media sections as written.</summary>
    public IReadOnlyList<MediaDescription> Media { get; }

    /// <summary>The typed model of each media section, at the same index as <see cref="Media"/>.</summary>
    public IReadOnlyList<MediaSectionModel> Sections { get; }

    internal SessionLevel Session { get; }

    /// <summary>The <c>a=group</c> lines.</summary>
    public IReadOnlyList<SdpGroup> Groups => Session.Groups;

    /// <summary>The first BUNDLE group, or null (RFC 8843).</summary>
    public SdpGroup? BundleGroup => Session.Groups.FirstOrDefault(g => g.IsBundle);

    /// <summary>True when the session has <c>a=ice-lite</c> (RFC 8839 section 5.3).</summary>
    public bool IceLite => Session.IceLite;

    /// <summary>True when the session has <c>a=extmap-allow-mixed</c> (RFC 8285 section 6).</summary>
    public bool ExtmapAllowMixed => Session.ExtmapAllowMixed;

    /// <summary>The section with this mid, or null.</summary>
    public MediaSectionModel? FindSection(string mid)
    {
        foreach (var s in Sections)
        {
            if (s.Mid == mid) return s;
        }
        return null;
    }

    /// <summary>The value of the first session attribute with this name, or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name) return a.Value;
        }
        return null;
    }

    /// <summary>Writes the description: every line in order, each ended by CRLF (RFC 8866 section 5).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(1024);
        sb.Append("v=0\r\n");
        sb.Append("o=").Append(Origin.ToString()).Append("\r\n");
        sb.Append("s=").Append(SessionName).Append("\r\n");
        foreach (var l in Lines) sb.Append(l.Type).Append('=').Append(l.Value).Append("\r\n");
        foreach (var a in Attributes) sb.Append("a=").Append(a.ToString()).Append("\r\n");
        foreach (var m in Media) m.WriteTo(sb);
        return sb.ToString();
    }

    /// <summary>
    /// Parses a session description. Accepts CRLF or LF line endings. On failure <paramref name="error"/>
    /// names the line and the reason; no exception is thrown for any input.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpParseError? error)
    {
        try
        {
            return SdpParser.TryParse(text, out description, out error);
        }
#pragma warning disable CA1031 // The contract is "no exception escapes on any input"; a bug becomes InternalError, which tests assert never occurs.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            description = null;
            error = new SdpParseError(0, SdpParseErrorKind.InternalError, ex.GetType().Name + ": " + ex.Message);
            return false;
        }
    }

    /// <summary>Parses a description this server wrote itself; failure is a bug here, so it throws.</summary>
    internal static SessionDescription ParseOwn(string text)
    {
        if (!TryParse(text, out var d, out var e))
            throw new InvalidOperationException("The server wrote an SDP it cannot parse: " + e + "\n" + text);
        return d;
    }
}
