namespace Sfu.Transport.Peer.Echo;

/// <summary>
/// The echo endpoint's SSRC plan: for each sendrecv audio or video section the server signals its own
/// media SSRC (and RTX SSRC) in the answer; whatever the peer sends on that section comes back on them.
/// The peer's SSRCs are taken from its <c>a=ssrc</c> lines when present, else learnt from the mid header
/// extension of its first packets (simulcast offers carry no <c>a=ssrc</c>).
/// </summary>
public sealed class EchoStreamMap
{
    private readonly Dictionary<string, EchoSection> _byMid = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, (EchoSection Section, bool Rtx)> _bySsrc = [];
    private readonly Dictionary<uint, (EchoSection Section, bool Rtx)> _byLocalSsrc = [];

    /// <summary>One echoed section.</summary>
    public sealed record EchoSection(string Mid, bool IsVideo, uint LocalSsrc, uint? LocalRtxSsrc)
    {
        /// <summary>Payload types the peer uses for RTX on this section (RFC 4588).</summary>
        public HashSet<int> RtxPayloadTypes { get; } = [];

        /// <summary>RTP clock rate of the section's media (for the jitter of receiver reports, RFC 3550 A.8).</summary>
        public int ClockRate { get; set; } = IsVideo ? 90_000 : 48_000;

        /// <summary>Video packets echoed on <see cref="LocalSsrc"/>, to answer NACKs for packets lost on the way back.</summary>
        public EchoRetransmitCache? Sent { get; } = IsVideo ? new EchoRetransmitCache() : null;

        /// <summary>The peer's media SSRC on this section, once known.</summary>
        public uint? RemoteSsrc { get; internal set; }
        /// <summary>The peer's RTX SSRC on this section, once known.</summary>
        public uint? RemoteRtxSsrc { get; internal set; }
    }

    /// <summary>Every echoed section.</summary>
    public IEnumerable<EchoSection> Sections => _byMid.Values;

    /// <summary>Adds a section with the server's SSRCs.</summary>
    public EchoSection Add(string mid, bool isVideo, uint localSsrc, uint? localRtxSsrc)
    {
        var s = new EchoSection(mid, isVideo, localSsrc, localRtxSsrc);
        _byMid[mid] = s;
        _byLocalSsrc[localSsrc] = (s, false);
        if (localRtxSsrc is { } r) _byLocalSsrc[r] = (s, true);
        return s;
    }

    /// <summary>Binds a peer SSRC to a section (from a=ssrc, or learnt from the mid extension or RTX payload type).</summary>
    public bool Bind(string mid, uint remoteSsrc, bool rtx)
    {
        if (!_byMid.TryGetValue(mid, out var s) || _bySsrc.ContainsKey(remoteSsrc)) return false;
        if (rtx)
        {
            if (s.RemoteRtxSsrc is not null) return false;
            s.RemoteRtxSsrc = remoteSsrc;
        }
        else
        {
            if (s.RemoteSsrc is not null) return false;
            s.RemoteSsrc = remoteSsrc;
        }
        _bySsrc[remoteSsrc] = (s, rtx);
        return true;
    }

    /// <summary>The server SSRC a peer SSRC is echoed on.</summary>
    public bool TryMapRemote(uint remoteSsrc, out uint localSsrc)
    {
        localSsrc = 0;
        if (!_bySsrc.TryGetValue(remoteSsrc, out var e)) return false;
        if (e.Rtx)
        {
            if (e.Section.LocalRtxSsrc is not { } r) return false;
            localSsrc = r;
        }
        else localSsrc = e.Section.LocalSsrc;
        return true;
    }

    /// <summary>The section a peer SSRC belongs to, and whether it is the section's RTX stream.</summary>
    public bool TryGetRemote(uint remoteSsrc, out EchoSection section, out bool rtx)
    {
        var found = _bySsrc.TryGetValue(remoteSsrc, out var e);
        section = e.Section;
        rtx = e.Rtx;
        return found;
    }

    /// <summary>The peer SSRC behind a server SSRC (for feedback the peer's receiver sends about it).</summary>
    public bool TryMapLocal(uint localSsrc, out uint remoteSsrc)
    {
        remoteSsrc = 0;
        if (!_byLocalSsrc.TryGetValue(localSsrc, out var e)) return false;
        var r = e.Rtx ? e.Section.RemoteRtxSsrc : e.Section.RemoteSsrc;
        if (r is not { } v) return false;
        remoteSsrc = v;
        return true;
    }

    /// <summary>The section a server SSRC belongs to, and whether it is the section's RTX SSRC.</summary>
    public bool TryGetLocal(uint localSsrc, out EchoSection section, out bool rtx)
    {
        var found = _byLocalSsrc.TryGetValue(localSsrc, out var e);
        section = e.Section;
        rtx = e.Rtx;
        return found;
    }

    /// <summary>True when the section exists.</summary>
    public bool TryGetSection(string mid, out EchoSection section) => _byMid.TryGetValue(mid, out section!);
}
