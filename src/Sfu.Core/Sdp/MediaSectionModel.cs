namespace Sfu.Core.Sdp;

/// <summary>
/// The typed content of one media section: what the transport and the forwarding engine need to know
/// about it. Built by <see cref="SessionDescription.TryParse"/> from the section's lines, with the
/// transport attributes (ICE, fingerprint, setup, extmap) inherited from session level when the section
/// does not repeat them (RFC 8866 section 5, RFC 8843).
/// </summary>
/// <remarks>
/// Everything here is from the point of view of the description's author: <see cref="Direction"/> sendonly
/// means the author sends; <see cref="Ssrcs"/> are the SSRCs the author sends from.
/// </remarks>
public sealed class MediaSectionModel
{
    internal MediaSectionModel() { }

    /// <summary>0-based position of the section (the m-line index, <c>sdpMLineIndex</c>).</summary>
    public int Index { get; internal init; }

    /// <summary>The <c>a=mid</c> value (RFC 5888), or null when absent.</summary>
    public string? Mid { get; internal init; }

    /// <summary>Audio, video, application or other.</summary>
    public MediaKind Kind { get; internal init; }

    /// <summary>The section as written.</summary>
    public MediaDescription Description { get; internal init; } = null!;

    /// <summary>The m-line port; 0 with no <c>a=bundle-only</c> means rejected.</summary>
    public int Port { get; internal init; }

    /// <summary>The m-line protocol.</summary>
    public string Protocol { get; internal init; } = string.Empty;

    /// <summary>Port 0 without <c>a=bundle-only</c> (RFC 8843 section 6): the section is rejected or stopped.</summary>
    public bool IsRejected { get; internal init; }

    /// <summary><c>a=bundle-only</c> is present.</summary>
    public bool IsBundleOnly { get; internal init; }

    /// <summary>The direction (default sendrecv; a session-level direction applies when the section has none).</summary>
    public MediaDirection Direction { get; internal init; }

    /// <summary>Every payload type on the m-line, in m-line order (preference order), including RTX and RED.</summary>
    public IReadOnlyList<SdpCodec> Codecs { get; internal init; } = [];

    /// <summary>RTX payload type to the payload type it repairs (<c>apt</c>, RFC 4588 section 8.6). Only entries whose apt is on the m-line.</summary>
    public IReadOnlyDictionary<byte, byte> RtxMap { get; internal init; } = new Dictionary<byte, byte>();

    /// <summary>The first RED payload type (RFC 2198), or null.</summary>
    public byte? RedPayloadType { get; internal init; }

    /// <summary>Header-extension ids and URIs in effect for the section (its own <c>a=extmap</c>, else the session's).</summary>
    public IReadOnlyList<HeaderExtension> HeaderExtensions { get; internal init; } = [];

    /// <summary><c>a=extmap-allow-mixed</c> at section or session level: two-byte extension headers may be sent.</summary>
    public bool ExtmapAllowMixed { get; internal init; }

    /// <summary>The <c>a=rid</c> lines (RFC 8851), in order.</summary>
    public IReadOnlyList<RidDescription> Rids { get; internal init; } = [];

    /// <summary>The <c>a=simulcast</c> attribute (RFC 8853), or null.</summary>
    public SimulcastDescription? Simulcast { get; internal init; }

    /// <summary>SSRCs from <c>a=ssrc</c> lines, in order of first appearance. Empty in Chromium's simulcast offers.</summary>
    public IReadOnlyList<SsrcDescription> Ssrcs { get; internal init; } = [];

    /// <summary>The <c>a=ssrc-group</c> lines (FID, SIM, ...).</summary>
    public IReadOnlyList<SsrcGroup> SsrcGroups { get; internal init; } = [];

    /// <summary>All <c>a=msid</c> lines (usually one).</summary>
    public IReadOnlyList<Msid> Msids { get; internal init; } = [];

    /// <summary>The first <c>a=msid</c>, or null.</summary>
    public Msid? Msid => Msids.Count > 0 ? Msids[0] : null;

    /// <summary>ICE username fragment in effect for the section.</summary>
    public string? IceUfrag { get; internal init; }

    /// <summary>ICE password in effect for the section.</summary>
    public string? IcePwd { get; internal init; }

    /// <summary>ICE options in effect (e.g. <c>trickle</c>).</summary>
    public IReadOnlyList<string> IceOptions { get; internal init; } = [];

    /// <summary>DTLS certificate fingerprints in effect.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get; internal init; } = [];

    /// <summary>DTLS setup role in effect.</summary>
    public DtlsSetup Setup { get; internal init; }

    /// <summary>The <c>a=candidate</c> lines.</summary>
    public IReadOnlyList<IceCandidate> Candidates { get; internal init; } = [];

    /// <summary><c>a=end-of-candidates</c> is present (RFC 8840 section 8.2).</summary>
    public bool EndOfCandidates { get; internal init; }

    /// <summary><c>a=rtcp-mux</c> (RFC 5761): RTP and RTCP share the port. This server requires it.</summary>
    public bool RtcpMux { get; internal init; }

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506): reduced-size RTCP is allowed.</summary>
    public bool RtcpReducedSize { get; internal init; }

    /// <summary><c>a=sctp-port</c> (RFC 8841 section 5), or the legacy <c>a=sctpmap</c> port; null when absent.</summary>
    public int? SctpPort { get; internal init; }

    /// <summary><c>a=max-message-size</c> (RFC 8841 section 6); null when absent (the RFC's default is 64 kB).</summary>
    public long? MaxMessageSize { get; internal init; }

    internal int MidLineNumber { get; init; }

    internal IReadOnlyDictionary<int, int> ExtmapLines { get; init; } = new Dictionary<int, int>();

    internal int ExtmapLineNumber(int id) => ExtmapLines.TryGetValue(id, out var line) ? line : Description.LineNumber;

    /// <summary>The codec with this payload type, or null.</summary>
    public SdpCodec? FindCodec(int payloadType)
    {
        foreach (var c in Codecs)
        {
            if (c.PayloadType == payloadType) return c;
        }
        return null;
    }

    /// <summary>The id negotiated for an extension URI.</summary>
    public bool TryGetExtensionId(string uri, out int id)
    {
        foreach (var e in HeaderExtensions)
        {
            if (e.Uri == uri)
            {
                id = e.Id;
                return true;
            }
        }
        id = 0;
        return false;
    }

    /// <summary>The URI for an extension id, or null.</summary>
    public string? GetExtensionUri(int id)
    {
        foreach (var e in HeaderExtensions)
        {
            if (e.Id == id) return e.Uri;
        }
        return null;
    }

    /// <summary>The RTX SSRC paired with a media SSRC by <c>a=ssrc-group:FID</c>, or null.</summary>
    public uint? FindRtxSsrc(uint mediaSsrc)
    {
        foreach (var g in SsrcGroups)
        {
            if (g.Semantics == SsrcGroup.Fid && g.Ssrcs.Count == 2 && g.Ssrcs[0] == mediaSsrc) return g.Ssrcs[1];
        }
        return null;
    }
}
