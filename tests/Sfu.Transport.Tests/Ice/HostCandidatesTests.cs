using System.Net;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests.Ice;

public class HostCandidatesTests
{
    [Fact]
    public void Node_ip_wins_over_bind_addresses()
    {
        var addresses = HostCandidates.Addresses(IPAddress.Parse("203.0.113.5"), [IPAddress.Loopback]);
        Assert.Equal([IPAddress.Parse("203.0.113.5")], addresses);
    }

    [Fact]
    public void Candidates_follow_rfc8839_with_rfc8445_host_priorities()
    {
        var lines = HostCandidates.Format([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("2001:db8::1")], 7882);
        // 126 << 24 | 65535 << 8 | 255 = 2130706431, the value Chromium and LiveKit use for a first host candidate.
        Assert.Equal("candidate:1 1 udp 2130706431 127.0.0.1 7882 typ host", lines[0]);
        Assert.Equal("candidate:2 1 udp 2130706175 2001:db8::1 7882 typ host", lines[1]);
    }

    [Fact]
    public void Specific_bind_addresses_are_advertised_as_they_are()
    {
        Assert.Equal([IPAddress.Loopback], HostCandidates.Addresses(null, [IPAddress.Loopback, IPAddress.Loopback]));
        Assert.NotEmpty(HostCandidates.Addresses(null, [IPAddress.Any]));
    }
}
