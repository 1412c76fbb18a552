using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// An ICE candidate (RFC 8839 section 5.1):
/// <c>&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr &lt;a&gt;] [rport &lt;p&gt;] *(&lt;name&gt; &lt;value&gt;)</c>.
/// The address is kept as text: it may be an mDNS name (<c>*.local</c>) or IPv6.
/// </summary>
public sealed record IceCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    IReadOnlyList<KeyValuePair<string, string>>? Extensions = null)
{
    /// <summary>Parses the value of <c>a=candidate:</c> (also accepts the <c>candidate:</c> prefix trickle ICE carries).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrEmpty(value) || value.Length > SdpLimits.MaxLineLength) return false;
        if (value.StartsWith("candidate:", StringComparison.Ordinal)) value = value["candidate:".Length..];
        var w = SdpText.Words(value);
        if (w.Length < 8 || (w.Length - 8) % 2 != 0) return false;
        if (!SdpText.IsIceChars(w[0], 1, 32)) return false;
        if (!SdpText.TryParseInt(w[1], 256, out var component) || component < 1) return false;
        if (!SdpText.IsToken(w[2], 32)) return false;
        if (!SdpText.TryParseUInt(w[3], uint.MaxValue, out var priority)) return false;
        // connection-address: an IPv4 or IPv6 literal (':' is not a token char) or an mDNS name.
        if (!IsAddress(w[4])) return false;
        if (!SdpText.TryParseInt(w[5], 65535, out var port)) return false;
        if (w[6] != "typ" || !SdpText.IsToken(w[7], 32)) return false;
        string? raddr = null;
        int? rport = null;
        List<KeyValuePair<string, string>>? ext = null;
        for (var i = 8; i < w.Length; i += 2)
        {
            var name = w[i];
            var v = w[i + 1];
            if (!SdpText.IsToken(name, 64) || !IsAddress(v)) return false;
            if (name == "raddr" && raddr is null) raddr = v;
            else if (name == "rport" && rport is null)
            {
                if (!SdpText.TryParseInt(v, 65535, out var rp)) return false;
                rport = rp;
            }
            else (ext ??= []).Add(new(name, v));
        }
        candidate = new IceCandidate(w[0], component, w[2], (uint)priority, w[4], port, w[7], raddr, rport, ext ?? (IReadOnlyList<KeyValuePair<string, string>>)[]);
        return true;
    }

    private static bool IsAddress(string s) => s.Length is > 0 and <= 255 && s.All(c => c == ':' || SdpText.IsTokenChar(c));

    /// <summary>The value of <c>a=candidate:</c> (without the <c>candidate:</c> prefix).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Foundation).Append(' ').Append(Component).Append(' ').Append(Transport).Append(' ')
          .Append(Priority).Append(' ').Append(Address).Append(' ').Append(Port).Append(" typ ").Append(Type);
        if (RelatedAddress is not null) sb.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is { } rp) sb.Append(" rport ").Append(rp);
        if (Extensions is not null)
        {
            foreach (var (k, v) in Extensions) sb.Append(' ').Append(k).Append(' ').Append(v);
        }
        return sb.ToString();
    }

    /// <summary>A host candidate for this server's ICE-lite UDP or TCP socket (RFC 8445 section 5.1.2 priority, type preference 126).</summary>
    public static IceCandidate Host(string foundation, string address, int port, string transport = "udp", int localPreference = 65535)
    {
        var priority = (uint)((126 << 24) | ((localPreference & 0xFFFF) << 8) | (256 - 1));
        IReadOnlyList<KeyValuePair<string, string>> ext = transport.Equals("tcp", StringComparison.OrdinalIgnoreCase)
            ? [new("tcptype", "passive")]
            : [];
        return new IceCandidate(foundation, 1, transport, priority, address, port, "host", Extensions: ext);
    }
}
