using System.Net;
using System.Net.Sockets;
using CsCheck;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Tests.Demux;

public class SocketAddressKeyTests
{
    [Theory]
    [InlineData("127.0.0.1", 7882)]
    [InlineData("192.0.2.2", 33644)]
    [InlineData("::1", 5000)]
    [InlineData("2001:db8::17", 65535)]
    public void Endpoint_round_trips_through_the_key(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var key = SocketAddressKey.FromEndPoint(endPoint);
        Assert.Equal(endPoint, key.ToIPEndPoint());
        Assert.Equal(endPoint.AddressFamily == AddressFamily.InterNetwork, key.IsIPv4);
    }

    [Fact]
    public void Socket_address_filled_by_dotnet_reads_as_the_same_key()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4567);
        var socketAddress = endPoint.Serialize();
        Assert.True(SocketAddressKey.TryRead(socketAddress, out var key));
        Assert.Equal(SocketAddressKey.FromEndPoint(endPoint), key);

        var v6 = new IPEndPoint(IPAddress.Parse("fe80::1"), 9) { Address = { ScopeId = 3 } };
        Assert.True(SocketAddressKey.TryRead(v6.Serialize(), out var key6));
        Assert.Equal(3u, key6.ScopeId);
        Assert.Equal(v6, key6.ToIPEndPoint());
    }

    [Fact]
    public void Linux_sockaddr_round_trips_for_both_families()
    {
        if (!OperatingSystem.IsLinux()) return;
        Span<byte> buffer = stackalloc byte[32];
        foreach (var text in new[] { "127.0.0.1:80", "[2001:db8::1]:443" })
        {
            var key = SocketAddressKey.FromEndPoint(IPEndPoint.Parse(text));
            var length = key.WriteLinuxSockaddr(buffer, socketIsIPv6: false);
            Assert.True(length > 0);
            Assert.True(SocketAddressKey.TryReadLinuxSockaddr(buffer[..length], out var back));
            Assert.Equal(key, back);
            // .NET's own SocketAddress uses the same bytes on Linux.
            var dotnet = IPEndPoint.Parse(text).Serialize();
            Assert.True(dotnet.Buffer.Span[..dotnet.Size].SequenceEqual(buffer[..length]));
        }
    }

    [Fact]
    public void Ipv4_peer_on_a_dual_stack_socket_is_written_as_a_mapped_address()
    {
        Span<byte> buffer = stackalloc byte[32];
        var key = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("192.0.2.7:1000"));
        Assert.Equal(SocketAddressKey.IPv6SockaddrSize, key.WriteLinuxSockaddr(buffer, socketIsIPv6: true));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 7 }, buffer.Slice(8, 16).ToArray());
    }

    [Fact]
    public void Keys_differ_by_port_address_and_family()
    {
        var a = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:1000"));
        Assert.NotEqual(a, SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:1001")));
        Assert.NotEqual(a, SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.2:1000")));
        Assert.NotEqual(a, SocketAddressKey.FromEndPoint(IPEndPoint.Parse("[::ffff:127.0.0.1]:1000")));
        Assert.Equal(a, SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:1000")));
    }

    [Fact]
    public void Random_sockaddr_bytes_never_throw_and_valid_ones_round_trip()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            if (!SocketAddressKey.TryReadLinuxSockaddr(bytes, out var key)) return true;
            Span<byte> again = stackalloc byte[32];
            var length = key.WriteLinuxSockaddr(again, socketIsIPv6: !key.IsIPv4);
            return SocketAddressKey.TryReadLinuxSockaddr(again[..length], out var back) && back == key;
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Reading_a_sockaddr_allocates_nothing()
    {
        var bytes = new byte[16];
        SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:7882")).WriteLinuxSockaddr(bytes, false);
        var dictionary = new Dictionary<SocketAddressKey, int> { [SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:7882"))] = 1 };
        var found = 0;
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            SocketAddressKey.TryReadLinuxSockaddr(bytes, out var key);
            found += dictionary.TryGetValue(key, out var v) ? v : 0;
        }));
        Assert.True(found > 0);
    }
}
