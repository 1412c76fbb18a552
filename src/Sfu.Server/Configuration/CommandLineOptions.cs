namespace Sfu.Server.Configuration;

/// <summary>
/// The command line, with LiveKit's flag names (server <c>cmd/server/main.go</c>):
/// <c>--config</c>, <c>--config-body</c>, <c>--keys</c>, <c>--key-file</c>, <c>--bind</c> (repeatable),
/// <c>--dev</c>, <c>--node-ip</c>, <c>--udp-port</c>, <c>--port</c>, <c>--redis-host</c>, <c>--region</c>.
/// Both <c>--flag value</c> and <c>--flag=value</c> are accepted.
/// </summary>
public sealed class CommandLineOptions
{
    public string? ConfigFile { get; set; }
    public string? ConfigBody { get; set; }
    public string? Keys { get; set; }
    public string? KeyFile { get; set; }
    public List<string> Bind { get; } = [];
    public bool Dev { get; set; }
    public string? NodeIp { get; set; }
    public string? UdpPort { get; set; }
    public string? Port { get; set; }
    public string? RedisHost { get; set; }
    public string? Region { get; set; }
    public bool Echo { get; set; }
    public bool Help { get; set; }
    public bool Version { get; set; }

    public const string Usage = """
        sfu: a self-contained SFU, compatible with LiveKit clients and server SDKs.

        usage: sfu [options]
          --dev                 development mode: loopback only, key devkey / secret (insecure: not for production)
          --config FILE         livekit.yaml-compatible configuration file
          --config-body YAML    configuration as a string (env LIVEKIT_CONFIG)
          --keys "key: secret"  API key and secret (env LIVEKIT_KEYS)
          --key-file FILE       YAML file of key: secret pairs (must not be readable by others)
          --bind IP             address to listen on (repeatable)
          --port N              HTTP/WebSocket port (default 7880)
          --node-ip IP          address advertised in ICE candidates (env NODE_IP)
          --udp-port N|A-B      media UDP port, or a range with one port per shard (env UDP_PORT)
          --region NAME         region reported to clients
          --echo                serve POST /debug/echo to loopback clients (tests, diagnostics)
          --help, --version
        """;

    /// <summary>Parses the arguments; unknown flags and missing values are errors naming the flag.</summary>
    public static CommandLineOptions Parse(IReadOnlyList<string> args, ConfigDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var o = new CommandLineOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string? Value()
            {
                if (inline is not null) return inline;
                if (i + 1 < args.Count) return args[++i];
                diagnostics.Error(arg, "needs a value");
                return null;
            }
            switch (arg)
            {
                case "--config": o.ConfigFile = Value(); break;
                case "--config-body": o.ConfigBody = Value(); break;
                case "--keys": o.Keys = Value(); break;
                case "--key-file": o.KeyFile = Value(); break;
                case "--bind": if (Value() is { } b) o.Bind.Add(b); break;
                case "--dev": o.Dev = inline is null || inline is "true" or "1"; break;
                case "--node-ip": o.NodeIp = Value(); break;
                case "--udp-port": o.UdpPort = Value(); break;
                case "--port": o.Port = Value(); break;
                case "--redis-host": o.RedisHost = Value(); break;
                case "--region": o.Region = Value(); break;
                case "--echo": o.Echo = inline is null || inline is "true" or "1"; break;
                case "-h" or "--help": o.Help = true; break;
                case "--version": o.Version = true; break;
                default: diagnostics.Error(arg, "unknown flag (see --help)"); break;
            }
        }
        return o;
    }
}
