namespace Sfu.Transport.Dtls;

/// <summary>Per-session settings of a DTLS-SRTP engine.</summary>
public sealed class DtlsOptions
{
    /// <summary>The default handshake timeout (issue 7: 10 s, counted from <see cref="IDtlsEngine.Start"/>).</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Server (default, a=setup:passive) or client (a=setup:active).</summary>
    public DtlsRole Role { get; init; } = DtlsRole.Server;

    /// <summary>This side's certificate (generated once per process).</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>The peer's <c>a=fingerprint</c> from its SDP; the peer certificate must hash to it.</summary>
    public required DtlsFingerprint RemoteFingerprint { get; init; }

    /// <summary>
    /// SRTP profiles in preference order. A server picks the first one the client offers (RFC 5764 §4.1.1
    /// lets the server choose); a client offers exactly these.
    /// </summary>
    public IReadOnlyList<DtlsSrtpProfile> SrtpProfiles { get; init; } = DtlsSrtpProfiles.DefaultPreference;

    /// <summary>How long the handshake may take, queueing on the pool included.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = DefaultHandshakeTimeout;

    /// <summary>
    /// Largest datagram the engine sends. 1200 bytes fits every path WebRTC cares about (IPv6 minimum MTU
    /// 1280 minus IP/UDP headers and TURN overhead) and is what Chromium uses for its own flights.
    /// </summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>
    /// Cap on datagrams waiting for the handshake thread (security.md: every network-fed queue needs a cap).
    /// A full handshake flight from a browser is at most a handful of datagrams; extras are dropped and counted.
    /// </summary>
    public int MaxQueuedDatagrams { get; init; } = 16;

    /// <summary>Cap on datagrams the engine has produced that the shard has not polled yet.</summary>
    public int MaxQueuedTransmits { get; init; } = 64;
}
