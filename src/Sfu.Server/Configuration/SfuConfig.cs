namespace Sfu.Server.Configuration;

/// <summary>
/// The server's configuration, shaped like LiveKit's livekit.yaml (docs/configuration.md lists every key).
/// Filled by <see cref="ConfigLoader"/> from a file, a config body, the environment and the command line,
/// in that order, then checked by <see cref="ConfigValidator"/>.
/// </summary>
public sealed class SfuConfig
{
    /// <summary>HTTP, WebSocket, Twirp and health port.</summary>
    public int Port { get; set; } = 7880;
    /// <summary>Addresses Kestrel and the media sockets bind; empty means every address.</summary>
    public List<string> BindAddresses { get; } = [];
    /// <summary>API key to secret.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);
    /// <summary>A YAML file holding more <c>key: secret</c> pairs; must not be readable by others.</summary>
    public string? KeyFile { get; set; }
    public RtcConfig Rtc { get; } = new();
    public RoomConfig Room { get; } = new();
    public LoggingConfig Logging { get; } = new();
    public WebhookConfig Webhook { get; } = new();
    public PrometheusConfig Prometheus { get; } = new();
    public LimitConfig Limit { get; } = new();
    public AudioConfig Audio { get; } = new();
    public string? Region { get; set; }
    /// <summary>Development mode (<c>--dev</c>): loopback, the dev key, debug logs.</summary>
    public bool Development { get; set; }
    /// <summary>Seconds the first SIGTERM waits for rooms to empty before the process exits anyway.</summary>
    public int ShutdownTimeout { get; set; } = 30;
    /// <summary>
    /// <c>--echo</c>: serve <c>POST /debug/echo</c> (loopback clients only), where a WebRTC offer gets an answer
    /// whose media comes straight back. For tests and diagnostics.
    /// </summary>
    public bool EchoEndpoint { get; set; }
    /// <summary>A <c>redis</c> section with an address was given (multi-node mode, not implemented: refused).</summary>
    public bool RedisConfigured { get; set; }
    /// <summary><c>turn.enabled: true</c> (embedded TURN, not implemented: refused).</summary>
    public bool EmbeddedTurnEnabled { get; set; }
}
