using Sfu.Server.Configuration;

namespace Sfu.Server.Tests.Configuration;

public class LiveKitSampleConfigTests
{
    [Fact]
    public void Sample_parses_and_every_key_this_server_acts_on_takes_the_sample_value()
    {
        var (config, diag) = ConfigHarness.Load(["--config-body", LiveKitSampleConfig.Yaml]);
        Assert.NotNull(config);
        Assert.Equal(7880, config.Port);
        Assert.Equal(50000, config.Rtc.PortRangeStart);
        Assert.Equal(60000, config.Rtc.PortRangeEnd);
        Assert.Null(config.Rtc.UdpPort);
        Assert.Equal(new UdpPortSpec(50000, 60000), config.Rtc.EffectiveUdpPorts);
        Assert.Equal(7881, config.Rtc.TcpPort);
        Assert.True(config.Rtc.UseExternalIp);
        Assert.Equal("secret1", config.Keys["key1"]);
        Assert.Equal("secret2", config.Keys["key2"]);
        Assert.Equal(2, config.Keys.Count);
        Assert.True(config.RedisConfigured);
        // Defaults for what the sample leaves commented out.
        Assert.True(config.Room.AutoCreate);
        Assert.Equal(300, config.Room.EmptyTimeout);
        Assert.Equal(20, config.Room.DepartureTimeout);
        Assert.Equal(0, config.Room.MaxParticipants);
        Assert.False(config.EmbeddedTurnEnabled);
        Assert.Contains(diag.Warnings, w => w.StartsWith("rtc.use_external_ip", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_is_refused_for_its_redis_section_and_its_short_secrets_and_nothing_else()
    {
        var (_, diag) = ConfigHarness.Load(["--config-body", LiveKitSampleConfig.Yaml]);
        Assert.True(diag.HasErrors);
        Assert.Equal(3, diag.Errors.Count);
        Assert.Contains(diag.Errors, e => e.StartsWith("redis:", StringComparison.Ordinal));
        Assert.Contains(diag.Errors, e => e.StartsWith("keys.key1:", StringComparison.Ordinal));
        Assert.Contains(diag.Errors, e => e.StartsWith("keys.key2:", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_without_redis_runs_in_dev_mode()
    {
        var yaml = LiveKitSampleConfig.Yaml.Replace("redis:\n  address: redis.host:6379", "redis:", StringComparison.Ordinal);
        var (config, diag) = ConfigHarness.Load(["--dev", "--config-body", yaml]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.NotNull(config);
        Assert.False(config.RedisConfigured);
        // Keys from the file win over the dev key.
        Assert.False(config.Keys.ContainsKey(ConfigLoader.DevApiKey));
    }
}
