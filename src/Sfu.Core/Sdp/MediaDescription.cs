using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// One media section exactly as written: the <c>m=</c> line, the other lines (<c>i=</c>, <c>c=</c>,
/// <c>b=</c>, <c>k=</c>) and the attributes in order (RFC 8866 section 5.14). The typed view of it is the
/// <see cref="MediaSectionModel"/> at the same index of <see cref="SessionDescription.Sections"/>.
/// </summary>
public sealed class MediaDescription
{
    internal MediaDescription(string media, int port, int? portCount, string protocol, IReadOnlyList<string> formats,
        IReadOnlyList<SdpLine> lines, IReadOnlyList<SdpAttribute> attributes, int lineNumber)
    {
        Media = media;
        Port = port;
        PortCount = portCount;
        Protocol = protocol;
        Formats = formats;
        Lines = lines;
        Attributes = attributes;
        LineNumber = lineNumber;
    }

    /// <summary>The <c>&lt;media&gt;</c> field as written (<c>audio</c>, <c>video</c>, <c>application</c>, ...).</summary>
    public string Media { get; }

    /// <summary>The port; 0 means the section is rejected (unless it is bundle-only).</summary>
    public int Port { get; }

    /// <summary>The optional <c>/&lt;number of ports&gt;</c>.</summary>
    public int? PortCount { get; }

    /// <summary>The transport protocol, e.g. <c>UDP/TLS/RTP/SAVPF</c> or <c>UDP/DTLS/SCTP</c>.</summary>
    public string Protocol { get; }

    /// <summary>The formats: payload types for RTP protocols, <c>webrtc-datachannel</c> for SCTP.</summary>
    public IReadOnlyList<string> Formats { get; }

    /// <summary>Non-attribute lines of the section, in order.</summary>
    public IReadOnlyList<SdpLine> Lines { get; }

    /// <summary>The attribute lines of the section, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; }

    /// <summary>The 1-based line number of the <c>m=</c> line.</summary>
    public int LineNumber { get; }

    /// <summary>True when <see cref="Protocol"/> carries RTP (its formats are payload types).</summary>
    public bool IsRtp => IsRtpProtocol(Protocol);

    internal static bool IsRtpProtocol(string protocol) => protocol.Contains("RTP/", StringComparison.Ordinal);

    /// <summary>The value of the first attribute with this name, null when absent (or when it has no value).</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name) return a.Value;
        }
        return null;
    }

    /// <summary>True when an attribute with this name is present.</summary>
    public bool HasAttribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name) return true;
        }
        return false;
    }

    /// <summary>The <c>m=</c> value.</summary>
    public string MediaLine
    {
        get
        {
            var port = PortCount is { } n ? Port + "/" + n : SdpText.Invariant(Port);
            return $"{Media} {port} {Protocol} {string.Join(" ", Formats)}";
        }
    }

    internal void WriteTo(StringBuilder sb)
    {
        sb.Append("m=").Append(MediaLine).Append("\r\n");
        foreach (var l in Lines) sb.Append(l.Type).Append('=').Append(l.Value).Append("\r\n");
        foreach (var a in Attributes) sb.Append("a=").Append(a.ToString()).Append("\r\n");
    }
}
