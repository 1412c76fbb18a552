using Sfu.Transport.Udp;

namespace Sfu.Transport.Tests.Udp;

public class UdpTransportOptionsTests
{
    [Fact]
    public void One_port_is_shared_by_every_shard()
    {
        var options = new UdpTransportOptions { Port = 7882, ShardCount = 3 };
        Assert.Equal([7882, 7882, 7882], options.ResolveShardPorts());
        Assert.True(options.SharesOnePort);
    }

    [Fact]
    public void A_range_gives_one_port_per_shard_and_never_more_than_configured()
    {
        var options = new UdpTransportOptions { PortRangeStart = 7882, PortRangeEnd = 7889, ShardCount = 2 };
        Assert.Equal([7882, 7883], options.ResolveShardPorts());
        Assert.False(options.SharesOnePort);
        options.ShardCount = 9;
        Assert.Throws<ArgumentException>(() => options.ResolveShardPorts());
    }

    [Fact]
    public void No_port_configured_refuses_to_bind_anything()
    {
        Assert.Throws<ArgumentException>(() => new UdpTransportOptions().ResolveShardPorts());
        Assert.Throws<ArgumentException>(() => new UdpTransport(new UdpTransportOptions()));
    }

    [Theory]
    [InlineData("7882", true, 7882, null)]
    [InlineData("7882-7889", true, 7882, 7889)]
    [InlineData(" 7882 - 7889 ", true, 7882, 7889)]
    [InlineData("7889-7882", false, 7889, 7882)]
    [InlineData("abc", false, 0, null)]
    [InlineData("70000", false, 70000, null)]
    [InlineData("", false, 0, null)]
    public void Udp_port_spec_parses_a_port_or_a_range(string spec, bool ok, int start, int? end)
    {
        Assert.Equal(ok, UdpTransportOptions.TryParsePortSpec(spec, out var s, out var e));
        if (!ok) return;
        Assert.Equal(start, s);
        Assert.Equal(end, e);
    }
}
