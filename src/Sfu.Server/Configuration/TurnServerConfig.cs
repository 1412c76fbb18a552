namespace Sfu.Server.Configuration;

/// <summary>
/// One entry of <c>rtc.turn_servers</c>: an external TURN server handed to clients in JoinResponse.ice_servers.
/// Either a static <see cref="Username"/>/<see cref="Credential"/>, or a shared <see cref="Secret"/> from which
/// short-lived TURN REST credentials are minted per participant (coturn's use-auth-secret scheme).
/// </summary>
public sealed class TurnServerConfig
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 3478;
    /// <summary><c>udp</c>, <c>tcp</c> or <c>tls</c>.</summary>
    public string Protocol { get; set; } = "udp";
    public string? Username { get; set; }
    public string? Credential { get; set; }
    public string? Secret { get; set; }
    /// <summary>Lifetime of minted credentials, in seconds (LiveKit's default 14400).</summary>
    public int Ttl { get; set; } = 14400;
}
