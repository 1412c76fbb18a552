using System.Net;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Transport.Ice;
using Sfu.Transport.Udp;

namespace Sfu.Transport.Tests.Sharding;

/// <summary>
/// Several shards on one port (SO_REUSEPORT): the kernel spreads peers over the shards' sockets by hash,
/// so most peers land on a shard that does not own their session and must be handed over.
/// </summary>
public class ReusePortHandoffTests
{
    private static readonly byte[] Rtp = [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 42, 9, 9, 9, 9];

    [Fact]
    public void Peers_hashed_to_other_shards_are_handed_to_the_owner_and_answered_from_the_shared_port()
    {
        Assert.True(OperatingSystem.IsLinux(), "SO_REUSEPORT load balancing is a Linux feature; these machines are Linux.");
        using var transport = ShardTests.Start(shards: 4);
        var port = transport.Shards[0].LocalEndPoints[0].Port;
        Assert.All(transport.Shards, s => Assert.Equal(port, s.LocalEndPoints[0].Port));
        var owner = transport.Shards[3];
        const int peers = 24;
        var sessions = new List<RecordingIceSession>();
        for (var i = 0; i < peers; i++)
        {
            var session = new RecordingIceSession(new IceCredentials($"ufrag{i:D3}", $"password{i:D3}password{i:D3}xx"));
            sessions.Add(session);
            Assert.True(owner.AddSession(session, session.Local.Ufrag));
        }
        Assert.True(Eventually.True(() => owner.Counters.Sessions == peers));
        var server = new IPEndPoint(IPAddress.Loopback, port);
        var clients = Enumerable.Range(0, peers).Select(_ => new TestPeer()).ToList();
        try
        {
            for (var i = 0; i < peers; i++)
            {
                var s = sessions[i].Local;
                clients[i].Send(StunRequests.Binding(s.Ufrag + ":peer", s.Password, useCandidate: true), server);
                var reply = clients[i].Receive();
                Assert.NotNull(reply);
                Assert.Equal(server, reply.Value.From); // one port seen by every peer
                Assert.True(StunMessageReader.TryParse(reply.Value.Data, out var response, out _));
                Assert.Equal(StunClass.SuccessResponse, response.Class);
            }
            for (var i = 0; i < peers; i++) clients[i].Send(Rtp, server);
            Assert.True(Eventually.True(() => sessions.All(s => s.Received.Count == 1)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
        var handedOff = transport.Shards.Sum(s => s.Counters.HandoffsOut);
        var receivedElsewhere = transport.Shards.Take(3).Sum(s => s.Counters.PacketsIn);
        // With 24 peers over 4 sockets, the chance that the kernel put every one on shard 3 is (1/4)^24.
        Assert.True(receivedElsewhere > 0, "the kernel hashed no peer to another shard");
        Assert.Equal(receivedElsewhere, handedOff);
        Assert.Equal(handedOff, owner.Counters.HandoffsIn);
        Assert.Equal(0, transport.Shards.Take(3).Sum(s => s.Counters.PacketsOut)); // the owner sends
        Assert.Equal(peers, owner.Counters.PacketsOut);
        Assert.Equal(0, transport.Shards.Sum(s => s.Counters.TotalDrops - s.Counters.Drops(PacketDropReason.NotKeyed)));
    }

    [Fact]
    public void A_range_gives_each_shard_its_own_port_and_no_owner_map()
    {
        for (var attempt = 0; ; attempt++)
        {
            var start = Random.Shared.Next(30_000, 60_000);
            var options = new UdpTransportOptions { PortRangeStart = start, PortRangeEnd = start + 2, ShardCount = 3, SocketBufferBytes = 0 };
            options.BindAddresses.Add(IPAddress.Loopback);
            try
            {
                using var transport = new UdpTransport(options);
                Assert.Null(transport.Owners);
                Assert.Equal([start, start + 1, start + 2], transport.LocalEndPoints.Select(e => e.Port));
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 5)
            {
                // A port of the range was taken by something else on this shared machine: try another range.
            }
        }
    }
}
