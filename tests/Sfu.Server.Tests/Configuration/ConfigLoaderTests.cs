using Microsoft.Extensions.Logging;
using Sfu.Server.Configuration;

namespace Sfu.Server.Tests.Configuration;

public class ConfigLoaderTests
{
    [Fact]
    public void Dev_mode_uses_livekit_dev_key_loopback_and_port_7882()
    {
        var (config, diag) = ConfigHarness.Load(["--dev"]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.NotNull(config);
        Assert.Equal("secret", config.Keys["devkey"]);
        Assert.Equal(["127.0.0.1", "::1"], config.BindAddresses);
        Assert.Equal(new UdpPortSpec(7882, 7882), config.Rtc.UdpPort);
        Assert.Contains(diag.AllWarnings(), w => w.Contains("development", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_key_this_server_acts_on_is_read()
    {
        var yaml = $$"""
            port: 9000
            bind_addresses: [127.0.0.1]
            keys:
              k: {{ConfigHarness.LongSecret}}
            rtc:
              udp_port: 7882-7889
              tcp_port: 0
              node_ip: 203.0.113.7
              stun_servers: [stun.example.org:3478]
              turn_servers:
                - host: turn.example.org
                  port: 443
                  protocol: tls
                  username: u
                  credential: c
                - host: turn2.example.org
                  secret: a-turn-rest-shared-secret
                  ttl: 600
            room:
              auto_create: false
              empty_timeout: 60
              departure_timeout: 5
              max_participants: 10
              enabled_codecs:
                - mime: audio/opus
                - mime: video/VP8
            logging:
              level: warn
              json: true
            webhook:
              api_key: k
              urls: [http://127.0.0.1:9999/hook]
            prometheus:
              port: 6789
            limit:
              num_tracks: 100
              max_metadata_size: 1000
              max_room_name_length: 64
              max_participant_identity_length: 32
              signal_message_size_limit: 65536
            audio:
              active_level: 40
            region: eu-west
            shutdown_timeout: 12
            """;
        var (c, diag) = ConfigHarness.Load(["--config-body", yaml]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.NotNull(c);
        Assert.Equal(9000, c.Port);
        Assert.Equal(["127.0.0.1"], c.BindAddresses);
        Assert.Equal(new UdpPortSpec(7882, 7889), c.Rtc.UdpPort);
        Assert.False(c.Rtc.UdpPort!.Value.IsSinglePort);
        Assert.Equal(0, c.Rtc.TcpPort);
        Assert.Equal("203.0.113.7", c.Rtc.NodeIp);
        Assert.Equal(["stun.example.org:3478"], c.Rtc.StunServers);
        Assert.Equal(2, c.Rtc.TurnServers.Count);
        Assert.Equal(("turn.example.org", 443, "tls", "u", "c"), (c.Rtc.TurnServers[0].Host, c.Rtc.TurnServers[0].Port, c.Rtc.TurnServers[0].Protocol, c.Rtc.TurnServers[0].Username, c.Rtc.TurnServers[0].Credential));
        Assert.Equal(("a-turn-rest-shared-secret", 600, 3478), (c.Rtc.TurnServers[1].Secret, c.Rtc.TurnServers[1].Ttl, c.Rtc.TurnServers[1].Port));
        Assert.False(c.Room.AutoCreate);
        Assert.Equal((60, 5, 10), (c.Room.EmptyTimeout, c.Room.DepartureTimeout, c.Room.MaxParticipants));
        Assert.Equal(["audio/opus", "video/vp8"], c.Room.EnabledCodecs);
        Assert.Equal(LogLevel.Warning, c.Logging.Level);
        Assert.True(c.Logging.Json);
        Assert.Equal("k", c.Webhook.ApiKey);
        Assert.Equal(["http://127.0.0.1:9999/hook"], c.Webhook.Urls);
        Assert.Equal(6789, c.Prometheus.Port);
        Assert.Equal((100, 1000, 64, 32, 65536), (c.Limit.NumTracks, c.Limit.MaxMetadataSize, c.Limit.MaxRoomNameLength, c.Limit.MaxParticipantIdentityLength, c.Limit.SignalMessageSizeLimit));
        Assert.Equal(40, c.Audio.ActiveLevel);
        Assert.Equal("eu-west", c.Region);
        Assert.Equal(12, c.ShutdownTimeout);
        Assert.Empty(diag.IgnoredKeys);
    }

    [Fact]
    public void Ignored_keys_get_one_warning_naming_them_all()
    {
        var yaml = """
            rtc:
              congestion_control:
                enabled: true
              packet_buffer_size: 500
            node_selector:
              kind: sysload
            logging:
              pion_level: error
            """;
        var (_, diag) = ConfigHarness.LoadBody(yaml);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        var ignored = diag.AllWarnings().Where(w => w.StartsWith("keys accepted but not acted on", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(ignored);
        foreach (var k in new[] { "rtc.congestion_control", "rtc.packet_buffer_size", "node_selector", "logging.pion_level" })
            Assert.Contains(k, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_warned_by_path()
    {
        var (_, diag) = ConfigHarness.LoadBody("rtc:\n  udp_prot: 7882\nfoo: 1\n");
        Assert.False(diag.HasErrors);
        Assert.Contains(diag.Warnings, w => w.StartsWith("rtc.udp_prot: unknown key", StringComparison.Ordinal));
        Assert.Contains(diag.Warnings, w => w.StartsWith("foo: unknown key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("port: 70000", "port:")]
    [InlineData("port: http", "port:")]
    [InlineData("port: [1, 2]", "port: must be a single value")]
    [InlineData("rtc:\n  udp_port: 7890-7882", "rtc.udp_port:")]
    [InlineData("rtc:\n  udp_port: 0", "rtc.udp_port:")]
    [InlineData("rtc:\n  port_range_start: 60000\n  port_range_end: 50000", "rtc.port_range_end:")]
    [InlineData("rtc:\n  port_range_start: 50000", "rtc.port_range_start:")]
    [InlineData("rtc:\n  node_ip: not-an-ip", "rtc.node_ip:")]
    [InlineData("rtc:\n  turn_servers:\n    - port: 3478", "rtc.turn_servers[0].host:")]
    [InlineData("rtc:\n  turn_servers:\n    - host: t\n      protocol: sctp", "rtc.turn_servers[0].protocol:")]
    [InlineData("rtc:\n  tcp_port: 7880", "rtc.tcp_port:")]
    [InlineData("rtc: 5", "rtc: must be a mapping")]
    [InlineData("logging:\n  level: loud", "logging.level: unknown log level 'loud'")]
    [InlineData("log_level: chatty", "log_level: unknown log level")]
    [InlineData("logging:\n  json: maybe", "logging.json:")]
    [InlineData("room:\n  empty_timeout: -5", "room.empty_timeout:")]
    [InlineData("room:\n  enabled_codecs:\n    - mime: opus", "room.enabled_codecs[0].mime:")]
    [InlineData("bind_addresses: [localhost]", "bind_addresses:")]
    [InlineData("keys:\n  nosecret:", "keys.nosecret: has no secret")]
    [InlineData("webhook:\n  api_key: other\n  urls: [http://127.0.0.1/x]", "webhook.api_key: 'other' is not one of the configured keys")]
    [InlineData("webhook:\n  urls: [http://127.0.0.1/x]", "webhook.api_key: is required")]
    [InlineData("webhook:\n  api_key: prod\n  urls: [ftp://x]", "webhook.urls:")]
    [InlineData("redis:\n  address: 127.0.0.1:6379", "redis:")]
    [InlineData("turn:\n  enabled: true", "turn.enabled:")]
    [InlineData("key: [unclosed", "--config-body: malformed YAML at line")]
    [InlineData("just a string", "--config-body: the configuration must be a YAML mapping")]
    public void Invalid_values_are_refused_with_a_message_naming_the_key(string yaml, string expectedStart)
    {
        var (_, diag) = ConfigHarness.LoadBody(yaml);
        Assert.True(diag.HasErrors, "expected an error for: " + yaml);
        Assert.Contains(diag.Errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_redis_section_is_single_node()
    {
        var (config, diag) = ConfigHarness.LoadBody("redis:\n  # address: x\n");
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.False(config!.RedisConfigured);
    }

    [Fact]
    public void Redis_host_flag_and_env_are_refused()
    {
        Assert.Contains(ConfigHarness.Load(["--dev", "--redis-host", "127.0.0.1:6379"]).Diag.Errors, e => e.StartsWith("redis:", StringComparison.Ordinal));
        Assert.Contains(ConfigHarness.Load(["--dev"], new() { ["REDIS_HOST"] = "r:6379" }).Diag.Errors, e => e.StartsWith("redis:", StringComparison.Ordinal));
    }

    [Fact]
    public void No_keys_outside_dev_is_refused()
    {
        var (_, diag) = ConfigHarness.Load([]);
        Assert.Contains(diag.Errors, e => e.StartsWith("keys: one of key_file or keys must be provided", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_secret_outside_dev_is_refused_naming_the_key()
    {
        var (_, diag) = ConfigHarness.Load(["--keys", "apikey1: 0123456789"]);
        var e = Assert.Single(diag.Errors);
        Assert.StartsWith("keys.apikey1: secret is 10 characters", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_secret_is_allowed_in_dev_mode()
    {
        var (config, diag) = ConfigHarness.Load(["--dev", "--keys", "k: short"]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.Equal("short", config!.Keys["k"]);
        Assert.False(config.Keys.ContainsKey("devkey"));
    }

    [Fact]
    public void Secret_of_exactly_32_characters_is_accepted()
    {
        var (_, diag) = ConfigHarness.Load(["--keys", "k: " + new string('x', 32)]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
    }

    [Fact]
    public void Keys_flag_must_be_key_colon_space_secret()
    {
        var (_, diag) = ConfigHarness.Load(["--dev", "--keys", "justakey"]);
        Assert.Contains(diag.Errors, e => e.StartsWith("--keys:", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_supplies_keys_config_node_ip_and_udp_port()
    {
        var env = new Dictionary<string, string>
        {
            ["LIVEKIT_KEYS"] = "envkey: " + ConfigHarness.LongSecret,
            ["LIVEKIT_CONFIG"] = "port: 7999",
            ["NODE_IP"] = "198.51.100.4",
            ["UDP_PORT"] = "7777",
        };
        var (c, diag) = ConfigHarness.Load([], env);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.Equal(7999, c!.Port);
        Assert.Equal(ConfigHarness.LongSecret, c.Keys["envkey"]);
        Assert.Equal("198.51.100.4", c.Rtc.NodeIp);
        Assert.Equal(new UdpPortSpec(7777, 7777), c.Rtc.UdpPort);
    }

    [Fact]
    public void Flags_override_the_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "port: 1234\nrtc:\n  udp_port: 5000\n");
            var (c, diag) = ConfigHarness.Load(["--config", file, "--dev", "--port", "4321", "--udp-port", "6000-6003", "--bind", "127.0.0.1", "--node-ip", "127.0.0.1"]);
            Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
            Assert.Equal(4321, c!.Port);
            Assert.Equal(new UdpPortSpec(6000, 6003), c.Rtc.UdpPort);
            Assert.Equal(["127.0.0.1"], c.BindAddresses);
            Assert.Equal("127.0.0.1", c.Rtc.NodeIp);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Missing_config_file_is_an_error_naming_the_flag()
    {
        var (_, diag) = ConfigHarness.Load(["--dev", "--config", "/nonexistent/livekit.yaml"]);
        Assert.Contains(diag.Errors, e => e.StartsWith("--config: cannot read", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port")]
    public void Unknown_flags_and_missing_values_are_errors(string arg)
    {
        var (_, diag) = ConfigHarness.Load([arg]);
        Assert.Contains(diag.Errors, e => e.StartsWith(arg + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Udp_port_spec_round_trips()
    {
        Assert.True(UdpPortSpec.TryParse("7882", out var one, out _));
        Assert.Equal("7882", one.ToString());
        Assert.True(UdpPortSpec.TryParse(" 7882 - 7889 ", out var range, out _));
        Assert.Equal("7882-7889", range.ToString());
        Assert.False(UdpPortSpec.TryParse("7882-", out _, out _));
        Assert.False(UdpPortSpec.TryParse("-1", out _, out _));
        Assert.False(UdpPortSpec.TryParse("65536", out _, out _));
    }
}
