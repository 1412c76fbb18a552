namespace Sfu.Server.Configuration;

/// <summary>The <c>rtc</c> section of livekit.yaml: media ports and addresses.</summary>
public sealed class RtcConfig
{
    /// <summary><c>rtc.udp_port</c>; when null and no range is set, the range 50000-60000 applies (LiveKit's default).</summary>
    public UdpPortSpec? UdpPort { get; set; }
    public int? PortRangeStart { get; set; }
    public int? PortRangeEnd { get; set; }
    /// <summary>ICE-TCP port (RFC 6544); 0 disables it.</summary>
    public int TcpPort { get; set; } = 7881;
    /// <summary>The address advertised in ICE candidates; when empty the bind addresses are used.</summary>
    public string? NodeIp { get; set; }
    public bool UseExternalIp { get; set; }
    public List<string> StunServers { get; } = [];
    public List<TurnServerConfig> TurnServers { get; } = [];
    /// <summary>
    /// This server's own key <c>rtc.force_relay</c>: clients are told to use only relay candidates
    /// (client_configuration.force_relay). LiveKit has no such key; it sets the field only on its TURN/TLS fallback.
    /// </summary>
    public bool ForceRelay { get; set; }
    /// <summary>This server's own key <c>rtc.shards</c>: UDP shard threads (0: one per core).</summary>
    public int ShardCount { get; set; }
    /// <summary>This server's own key <c>rtc.srtp_profiles</c>: DTLS use_srtp preference (empty: AEAD_AES_128_GCM, then AES_CM_128_HMAC_SHA1_80).</summary>
    public List<Sfu.Transport.Dtls.DtlsSrtpProfile> SrtpProfiles { get; } = [];
    /// <summary>This server's own key <c>rtc.dtls_setup</c>: the role taken when a peer offers actpass (passive: DTLS server, the default).</summary>
    public bool DtlsSetupActive { get; set; }

    /// <summary>
    /// The UDP ports shards use: <c>udp_port</c> when set, else <c>port_range_start</c>-<c>port_range_end</c>,
    /// else LiveKit's default range 50000-60000.
    /// </summary>
    public UdpPortSpec EffectiveUdpPorts =>
        UdpPort ?? new UdpPortSpec(PortRangeStart ?? 50000, PortRangeEnd ?? 60000);
}
