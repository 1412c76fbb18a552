namespace Sfu.Server.Configuration;

/// <summary>
/// Consistency and security checks that need the whole configuration. Stricter than LiveKit where a
/// silent default would be unsafe: a short secret outside development is refused, not just logged.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Minimum API secret length outside development (HS256 wants at least 256 bits).</summary>
    public const int MinSecretLength = 32;

    public static void Validate(SfuConfig config, ConfigDiagnostics diag)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(diag);

        if (config.Keys.Count == 0)
            diag.Error("keys", "one of key_file or keys must be provided (or run with --dev)");
        foreach (var (key, secret) in config.Keys)
        {
            if (string.IsNullOrEmpty(secret)) diag.Error($"keys.{key}", "has no secret");
            else if (!config.Development && secret.Length < MinSecretLength)
                diag.Error($"keys.{key}", $"secret is {secret.Length} characters; at least {MinSecretLength} are required outside --dev");
        }

        // Refused until implemented: silently ignoring them would change where rooms live or who can connect.
        if (config.RedisConfigured)
            diag.Error("redis", "multi-node mode through Redis is not implemented yet; remove the redis section to run a single node");
        if (config.EmbeddedTurnEnabled)
            diag.Error("turn.enabled", "the embedded TURN server is not implemented yet; point rtc.turn_servers at an external TURN server (e.g. coturn)");

        var rtc = config.Rtc;
        if ((rtc.PortRangeStart is null) != (rtc.PortRangeEnd is null) && rtc.UdpPort is null)
            diag.Error("rtc.port_range_start", "port_range_start and port_range_end go together");
        if (rtc.PortRangeStart is { } s && rtc.PortRangeEnd is { } e && e < s)
            diag.Error("rtc.port_range_end", $"{e} is below rtc.port_range_start {s}");
        if (rtc.TcpPort != 0 && rtc.TcpPort == config.Port)
            diag.Error("rtc.tcp_port", $"{rtc.TcpPort} is also the HTTP port");

        if (config.Webhook.Urls.Count > 0)
        {
            if (string.IsNullOrEmpty(config.Webhook.ApiKey))
                diag.Error("webhook.api_key", "is required when webhook.urls are set (it signs the events)");
            else if (!config.Keys.ContainsKey(config.Webhook.ApiKey))
                diag.Error("webhook.api_key", $"'{config.Webhook.ApiKey}' is not one of the configured keys");
        }
        foreach (var t in rtc.TurnServers)
            if (t.Secret is { Length: > 0 } ts && !config.Development && ts.Length < 16)
                diag.Warn("rtc.turn_servers.secret", $"the TURN secret for {t.Host} is short ({ts.Length} characters)");
        // Relay-only clients with no TURN server to relay through could never connect.
        if (rtc.ForceRelay && rtc.TurnServers.Count == 0)
            diag.Error("rtc.force_relay", "needs at least one rtc.turn_servers entry (clients would have no candidate to use)");

        if (config.Development)
            diag.Warn("--dev", $"development mode: API key '{DevKeyNote(config)}' with a well-known secret, loopback only; do not use in production");
    }

    private static string DevKeyNote(SfuConfig config) =>
        config.Keys.ContainsKey(ConfigLoader.DevApiKey) ? ConfigLoader.DevApiKey : string.Join(",", config.Keys.Keys);
}
