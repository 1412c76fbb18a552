namespace Sfu.Server.Configuration;

/// <summary>
/// Builds the configuration from its sources, later ones overriding earlier ones, as LiveKit does:
/// the YAML file (<c>--config</c>) or body (<c>--config-body</c>, <c>LIVEKIT_CONFIG</c>), then the
/// environment (<c>LIVEKIT_KEYS</c>, <c>NODE_IP</c>, <c>UDP_PORT</c>, <c>REDIS_HOST</c>), then flags.
/// Development defaults fill what is still unset; <see cref="ConfigValidator"/> runs last.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The dev key pair of LiveKit's <c>--dev</c>, so existing tutorials and tokens work.</summary>
    public const string DevApiKey = "devkey";
    /// <summary>The dev secret; shorter than the production minimum on purpose.</summary>
    public const string DevApiSecret = "secret";
    /// <summary>The dev media port.</summary>
    public const int DevUdpPort = 7882;

    /// <summary>Loads and validates; check <see cref="ConfigDiagnostics.HasErrors"/> before using the result.</summary>
    public static SfuConfig Load(CommandLineOptions cli, Func<string, string?> getEnv, ConfigDiagnostics diag)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(getEnv);
        ArgumentNullException.ThrowIfNull(diag);
        var config = new SfuConfig { Development = cli.Dev };
        var yaml = new YamlConfigReader(config, diag);

        if (cli.ConfigFile is { } file)
        {
            string? text = null;
            try { text = File.ReadAllText(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diag.Error("--config", $"cannot read {file}: {ex.Message}");
            }
            if (text is not null) yaml.Apply(text, file);
        }
        else if ((cli.ConfigBody ?? getEnv("LIVEKIT_CONFIG")) is { Length: > 0 } body)
        {
            yaml.Apply(body, cli.ConfigBody is not null ? "--config-body" : "LIVEKIT_CONFIG");
        }

        if ((cli.Keys ?? getEnv("LIVEKIT_KEYS")) is { Length: > 0 } keys)
        {
            // "key: secret" (several separated by newlines) is a YAML mapping, as LiveKit reads it.
            var source = cli.Keys is not null ? "--keys" : "LIVEKIT_KEYS";
            var keyConfig = new SfuConfig();
            var keyDiag = new ConfigDiagnostics();
            new YamlConfigReader(keyConfig, keyDiag).Apply("keys:\n" + string.Join('\n', keys.Split('\n').Select(l => "  " + l.Trim())), source);
            if (keyDiag.HasErrors || keyConfig.Keys.Count == 0)
                diag.Error(source, "must be \"key: secret\" (a key, a colon and a space, then the secret)");
            foreach (var (k, v) in keyConfig.Keys) config.Keys[k] = v;
        }
        if ((cli.KeyFile ?? getEnv("LIVEKIT_KEY_FILE")) is { Length: > 0 } keyFile) config.KeyFile = keyFile;
        if ((cli.NodeIp ?? getEnv("NODE_IP")) is { Length: > 0 } nodeIp)
        {
            if (System.Net.IPAddress.TryParse(nodeIp, out _)) config.Rtc.NodeIp = nodeIp;
            else diag.Error(cli.NodeIp is not null ? "--node-ip" : "NODE_IP", $"'{nodeIp}' is not an IP address");
        }
        if ((cli.UdpPort ?? getEnv("UDP_PORT")) is { Length: > 0 } udp)
        {
            if (UdpPortSpec.TryParse(udp, out var spec, out var err)) config.Rtc.UdpPort = spec;
            else diag.Error(cli.UdpPort is not null ? "--udp-port" : "UDP_PORT", err);
        }
        if (cli.Port is { } port)
        {
            if (UdpPortSpec.TryParsePort(port, out var p, out var err)) config.Port = p;
            else diag.Error("--port", err);
        }
        if (cli.Bind.Count > 0)
        {
            config.BindAddresses.Clear();
            foreach (var b in cli.Bind)
            {
                if (System.Net.IPAddress.TryParse(b, out _)) config.BindAddresses.Add(b);
                else diag.Error("--bind", $"'{b}' is not an IP address");
            }
        }
        if (cli.Region is { } region) config.Region = region;
        if (cli.Echo) config.EchoEndpoint = true;
        if ((cli.RedisHost ?? getEnv("REDIS_HOST")) is { Length: > 0 }) config.RedisConfigured = true;

        if (config.Development) ApplyDevelopmentDefaults(config);
        if (config.KeyFile is { } kf) LoadKeyFile(config, kf, diag);

        ConfigValidator.Validate(config, diag);
        return config;
    }

    private static void ApplyDevelopmentDefaults(SfuConfig config)
    {
        if (config.Keys.Count == 0 && config.KeyFile is null) config.Keys[DevApiKey] = DevApiSecret;
        if (config.BindAddresses.Count == 0)
        {
            config.BindAddresses.Add("127.0.0.1");
            config.BindAddresses.Add("::1");
        }
        if (config.Rtc.UdpPort is null && config.Rtc.PortRangeStart is null && config.Rtc.PortRangeEnd is null)
            config.Rtc.UdpPort = new UdpPortSpec(DevUdpPort, DevUdpPort);
    }

    /// <summary>
    /// Reads <c>key_file</c>. Like LiveKit, a file readable by others is refused (its secrets sign every
    /// token); group-readable is allowed with a warning. Outside development only.
    /// </summary>
    private static void LoadKeyFile(SfuConfig config, string path, ConfigDiagnostics diag)
    {
        if (!File.Exists(path))
        {
            diag.Error("key_file", $"{path} does not exist");
            return;
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                diag.Error("key_file", $"{path} is readable by others: key file others permissions must be set to 0 (chmod 600)");
                return;
            }
            if ((mode & UnixFileMode.GroupRead) != 0)
                diag.Warn("key_file", $"{path} is readable by its group; chmod 600 keeps the secrets to the server's user");
        }
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diag.Error("key_file", $"cannot read {path}: {ex.Message}");
            return;
        }
        var keyConfig = new SfuConfig();
        var keyDiag = new ConfigDiagnostics();
        // The file is a plain mapping of key: secret.
        var reader = new YamlConfigReader(keyConfig, keyDiag);
        reader.Apply("keys:\n" + string.Join('\n', text.Split('\n').Select(l => "  " + l)), "key_file");
        foreach (var e in keyDiag.Errors) diag.Error("key_file", e);
        foreach (var (k, v) in keyConfig.Keys) config.Keys[k] = v;
    }
}
