using System.Net;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Transport.Demux;
using Sfu.Transport.Ice;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Transport.Tests.Sharding;

/// <summary>One shard on real loopback sockets: routing, guards, timers, faults, batching, memory.</summary>
public class ShardTests
{
    private static readonly IceCredentials Credentials = new("shardUfr", "shardpassword0123456789x");
    private static readonly byte[] Rtp = [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 42, 1, 2, 3, 4];

    internal static UdpTransport Start(int shards = 1, bool portable = false)
    {
        var options = new UdpTransportOptions { Port = 0, ShardCount = shards, ForcePortableIO = portable, SocketBufferBytes = 0 };
        options.BindAddresses.Add(IPAddress.Loopback);
        var transport = new UdpTransport(options);
        transport.Start();
        return transport;
    }

    private static byte[] Check(IceCredentials credentials, bool useCandidate = true) =>
        StunRequests.Binding(credentials.Ufrag + ":peer", credentials.Password, useCandidate);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stun_finds_the_session_by_ufrag_and_media_then_by_address(bool portable)
    {
        using var transport = Start(portable: portable);
        var shard = transport.Shards[0];
        Assert.Equal(!portable && OperatingSystem.IsLinux(), shard.UsesNativeIO);
        var session = new RecordingIceSession(Credentials);
        Assert.True(shard.AddSession(session, Credentials.Ufrag));
        using var peer = new TestPeer();
        var server = shard.LocalEndPoints[0];

        peer.Send(Check(Credentials), server);
        var reply = peer.Receive();
        Assert.True(reply is not null, string.Join(",", Enum.GetValues<PacketDropReason>().Select(r => r + "=" + shard.Counters.Drops(r))) + " in=" + shard.Counters.PacketsIn);
        Assert.Equal(server, reply.Value.From);
        Assert.True(StunMessageReader.TryParse(reply.Value.Data, out var response, out _));
        Assert.Equal(StunClass.SuccessResponse, response.Class);

        peer.Send(Rtp, server);
        Assert.True(Eventually.True(() => !session.Received.IsEmpty));
        Assert.True(session.Received.TryDequeue(out var got));
        Assert.Equal(DatagramKind.Rtp, got.Kind);
        Assert.Equal(Rtp, got.Data);
        Assert.Equal(2, shard.Counters.PacketsIn);
        Assert.Equal(1, shard.Counters.PacketsOut);
        Assert.Equal(Rtp.Length + Check(Credentials).Length, shard.Counters.BytesIn);
    }

    [Fact]
    public void Media_and_dtls_from_an_unvalidated_address_are_dropped_without_a_reply()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        shard.AddSession(new RecordingIceSession(Credentials, echo: true), Credentials.Ufrag);
        using var stranger = new TestPeer();
        var server = shard.LocalEndPoints[0];
        stranger.Send(Rtp, server);
        stranger.Send([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], server);
        stranger.Send([0x05, 1, 2], server);
        Assert.Null(stranger.Receive(300));
        Assert.True(Eventually.True(() => shard.Counters.PacketsIn == 3));
        Assert.Equal(2, shard.Counters.Drops(PacketDropReason.UnknownAddress));
        Assert.Equal(1, shard.Counters.Drops(PacketDropReason.UnknownProtocol));
        Assert.Equal(0, shard.Counters.PacketsOut);
    }

    [Fact]
    public void Stun_with_bad_integrity_gets_401_and_creates_no_route()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        var session = new RecordingIceSession(Credentials, echo: true);
        shard.AddSession(session, Credentials.Ufrag);
        using var peer = new TestPeer();
        var server = shard.LocalEndPoints[0];
        var request = StunRequests.Binding(Credentials.Ufrag + ":peer", "not-the-password-at-all");
        peer.Send(request, server);
        var reply = peer.Receive();
        Assert.NotNull(reply);
        Assert.True(reply.Value.Data.Length <= request.Length);
        Assert.True(StunMessageReader.TryParse(reply.Value.Data, out var response, out _));
        Assert.True(response.TryGetErrorCode(out var code, out _));
        Assert.Equal(401, code);
        peer.Send(Rtp, server); // still not validated
        Assert.Null(peer.Receive(300));
        Assert.True(Eventually.True(() => shard.Counters.Drops(PacketDropReason.UnknownAddress) == 1));
        Assert.Equal(1, shard.Counters.Drops(PacketDropReason.AuthFailed));
        Assert.Equal(0, session.Agent!.ValidatedCount);
    }

    [Fact]
    public void Stun_for_an_unknown_ufrag_gets_no_reply()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        using var peer = new TestPeer();
        peer.Send(Check(new IceCredentials("nobodyXX", "whateverwhateverwhatever")), shard.LocalEndPoints[0]);
        Assert.Null(peer.Receive(300));
        Assert.True(Eventually.True(() => shard.Counters.Drops(PacketDropReason.UnknownUfrag) == 1));
    }

    [Fact]
    public void A_full_send_batch_is_flushed_and_every_datagram_arrives()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        var session = new RecordingIceSession(Credentials);
        shard.AddSession(session, Credentials.Ufrag);
        using var peer = new TestPeer();
        var server = shard.LocalEndPoints[0];
        peer.Send(Check(Credentials), server);
        Assert.NotNull(peer.Receive());
        var target = SocketAddressKey.FromEndPoint(peer.EndPoint);
        const int count = 100; // > 3 batches of 32
        Assert.True(shard.Post(s =>
        {
            for (var i = 0; i < count; i++)
            {
                var slot = s.GetSendBuffer(target);
                Rtp.CopyTo(slot);
                slot[3] = (byte)i;
                s.CommitSend(target, Rtp.Length);
            }
        }));
        var seen = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var d = peer.Receive();
            Assert.NotNull(d);
            seen.Add(d.Value.Data[3]);
        }
        Assert.Equal(count, seen.Count);
        Assert.True(Eventually.True(() => shard.Counters.PacketsOut == count + 1));
    }

    [Fact]
    public void Session_timer_fires_and_consent_expiry_closes_the_session()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        var session = new RecordingIceSession(Credentials, consentTimeout: TimeSpan.FromMilliseconds(150));
        var states = new List<IceState>();
        session.StateChanged += (_, s) => { lock (states) states.Add(s); };
        shard.AddSession(session, Credentials.Ufrag);
        using var peer = new TestPeer();
        peer.Send(Check(Credentials), shard.LocalEndPoints[0]);
        Assert.NotNull(peer.Receive());
        Assert.True(Eventually.True(() => Volatile.Read(ref session.Detached) == 1, 3000));
        lock (states) Assert.Equal([IceState.Connected, IceState.Failed, IceState.Closed], states);
        Assert.Equal(0, shard.Counters.Sessions);
        peer.Send(Check(Credentials), shard.LocalEndPoints[0]); // ufrag gone with the session
        Assert.Null(peer.Receive(300));
    }

    [Fact]
    public void A_session_that_throws_is_closed_and_the_shard_keeps_serving_others()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        var bad = new ThrowingSession();
        shard.AddSession(bad, "badUfrag");
        var good = new RecordingIceSession(Credentials);
        shard.AddSession(good, Credentials.Ufrag);
        using var peer = new TestPeer();
        var server = shard.LocalEndPoints[0];
        peer.Send(StunRequests.Binding("badUfrag:x", "badpasswordbadpassword12"), server);
        Assert.True(Eventually.True(() => shard.Counters.Drops(PacketDropReason.SessionFault) == 1));
        Assert.True(bad.Detached);
        peer.Send(Check(Credentials), server);
        Assert.NotNull(peer.Receive());
        Assert.Equal(1, shard.Counters.Sessions);
    }

    [Fact]
    public void A_flood_of_random_datagrams_allocates_nothing_on_the_shard_thread_and_creates_no_state()
    {
        using var transport = Start();
        var shard = transport.Shards[0];
        shard.AddSession(new RecordingIceSession(Credentials, echo: true), Credentials.Ufrag);
        using var peer = new TestPeer();
        var server = shard.LocalEndPoints[0];
        // Warm up every path once (JIT, dictionary internals) before measuring.
        var random = new Random(7);
        var datagrams = Enumerable.Range(0, 512).Select(_ =>
        {
            var d = new byte[random.Next(1, 1200)];
            random.NextBytes(d);
            return d;
        }).ToArray();
        for (var i = 0; i < datagrams.Length; i++)
        {
            peer.Send(datagrams[i], server);
            if (i % 64 == 0) Thread.Sleep(1);
        }
        Assert.True(Eventually.True(() => shard.Counters.PacketsIn >= datagrams.Length / 2), "warm-up: " + shard.Counters.PacketsIn);
        long before = 0, after = 0;
        var measured = new ManualResetEventSlim();
        shard.Post(_ => before = GC.GetAllocatedBytesForCurrentThread());
        const int flood = 20_000;
        var received = shard.Counters.PacketsIn;
        for (var i = 0; i < flood; i++)
        {
            peer.Send(datagrams[i % datagrams.Length], server);
            if (i % 64 == 0) Thread.Sleep(1); // stay inside the socket buffer
        }
        Eventually.True(() => shard.Counters.PacketsIn >= received + (flood * 9 / 10));
        Thread.Sleep(100);
        shard.Post(_ =>
        {
            after = GC.GetAllocatedBytesForCurrentThread();
            measured.Set();
        });
        Assert.True(measured.Wait(5000));
        Assert.True(shard.Counters.PacketsIn >= received + (flood / 2), $"only {shard.Counters.PacketsIn - received} arrived");
        Assert.Equal(0, after - before);
        Assert.Equal(0, shard.Counters.PacketsOut);
        Assert.Equal(1, shard.Counters.Sessions);
        Assert.Equal(shard.Counters.PacketsIn, shard.Counters.TotalDrops);
    }

    private sealed class ThrowingSession : IShardSession
    {
        public bool Detached;
        public void OnAttached(Shard shard, long nowMs) { }
        public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source) => throw new InvalidOperationException("boom");
        public void OnTimer(long nowMs) { }
        public void OnDetached(long nowMs) => Detached = true;
    }
}
