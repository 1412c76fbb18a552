using Sfu.Core.Diagnostics;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;
using Sfu.Transport.Tests.Dtls;
using Sfu.Transport.Tests.Sharding;

namespace Sfu.Transport.Tests.Peer;

/// <summary>
/// RFC 8122 §5 at the transport: a peer whose certificate does not match the SDP fingerprint ends the whole
/// session (closed on its shard, handler told, nothing connected, no SRTP keys), through real sockets, a real
/// shard and a real DTLS client on the other side.
/// </summary>
[Collection(SocketTests.Collection)]
public sealed class WebRtcTransportFingerprintTests
{
    private static readonly IceCredentials Local = new("fpUfrag1", "fingerprintpassword0123456");

    private sealed class Recorder : IPeerMediaHandler
    {
        public volatile bool Connected;
        public volatile bool Closed;
        public void OnConnected(WebRtcTransport transport, long nowMs) => Connected = true;
        public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet) { }
        public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet) { }
        public void OnClosed(WebRtcTransport transport, long nowMs) => Closed = true;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_certificate_that_does_not_match_the_sdp_fingerprint_closes_the_session_with_no_keys(bool mismatch)
    {
        using var udp = ShardTests.Start();
        var shard = udp.Shards[0];
        var server = shard.LocalEndPoints[0];
        var handler = new Recorder();
        // The SDP said the peer's certificate is the stranger's; the client below presents its own.
        var expected = mismatch ? DtlsTestPeers.StrangerCertificate.Fingerprint : DtlsTestPeers.ClientCertificate.Fingerprint;
        var transport = new WebRtcTransport(Local, new DtlsOptions { Certificate = DtlsTestPeers.ServerCertificate, RemoteFingerprint = expected }, handler, DtlsTestPeers.Pool);
        Assert.True(shard.AddSession(transport, Local.Ufrag));

        using var peer = new TestPeer();
        peer.Send(StunRequests.Binding(Local.Ufrag + ":peer", Local.Password), server);
        Assert.NotNull(peer.Receive());

        using var client = DtlsTestPeers.Client();
        var observer = new DtlsTestPeers.Observer(client);
        using var pumping = new CancellationTokenSource();
        var buffer = new byte[2048];
        var pump = Task.Run(() =>
        {
            // The client's flights go out over the peer's socket; what the server sends comes back into it.
            while (!pumping.IsCancellationRequested)
            {
                while (client.TryPollTransmit(buffer, out var n)) peer.Send(buffer[..n], server);
                if (peer.Receive(20) is { } received) client.HandleDatagram(received.Data);
            }
        });
        client.Start();

        if (mismatch)
        {
            Assert.True(await DtlsTestPeers.Eventually(() => handler.Closed, TimeSpan.FromSeconds(10)), "the session did not close");
            Assert.False(handler.Connected);
            Assert.False(transport.IsConnected); // no SRTP context was ever installed
            Assert.Null(client.Keys);
            Assert.Equal(DtlsFailureReason.AlertReceived, (await DtlsTestPeers.Within(observer.FailedTask, TimeSpan.FromSeconds(10))).Reason);
        }
        else
        {
            // The control: the same path with the right fingerprint connects.
            Assert.True(await DtlsTestPeers.Eventually(() => handler.Connected, TimeSpan.FromSeconds(10)), "did not connect");
            Assert.False(handler.Closed);
            Assert.NotNull(client.Keys);
        }
        await pumping.CancelAsync();
        await pump;
        Assert.Equal(0, shard.Counters.Drops(PacketDropReason.NotKeyed));
    }
}

/// <summary>
/// security.md (DTLS floods): ClientHellos from many addresses that never passed ICE reach no DTLS engine through
/// the shard: each is dropped as an unknown address with no reply and no state, and the shard allocates nothing.
/// </summary>
[Collection(SocketTests.Collection)]
public sealed class ShardClientHelloFloodTests
{
    [Fact]
    public async Task A_ClientHello_flood_from_many_unvalidated_addresses_creates_no_state_and_gets_no_reply()
    {
        using var udp = ShardTests.Start();
        var shard = udp.Shards[0];
        var server = shard.LocalEndPoints[0];
        var local = new IceCredentials("floodUfr", "floodpassword0123456789abc");
        var transport = new WebRtcTransport(local, new DtlsOptions { Certificate = DtlsTestPeers.ServerCertificate, RemoteFingerprint = DtlsTestPeers.ClientCertificate.Fingerprint },
            new NullHandler(), DtlsTestPeers.Pool);
        Assert.True(shard.AddSession(transport, local.Ufrag));

        // A real ClientHello (the first flight of a DTLS client).
        using var client = DtlsTestPeers.Client();
        client.Start();
        var buffer = new byte[2048];
        byte[]? hello = null;
        Assert.True(await DtlsTestPeers.Eventually(() => client.TryPollTransmit(buffer, out var n) && (hello = buffer[..n]) is not null, TimeSpan.FromSeconds(10)));

        const int Peers = 64, PerPeer = 50;
        var peers = Enumerable.Range(0, Peers).Select(_ => new TestPeer()).ToList();
        try
        {
            var sessionsBefore = shard.Counters.Sessions;
            var droppedBefore = shard.Counters.Drops(PacketDropReason.UnknownAddress);
            // Memory is measured where the packets are handled: bytes allocated on the shard's own thread (the
            // process-wide heap moves with the tests running beside this one).
            long before = 0, after = 0;
            using (var measured = new ManualResetEventSlim())
            {
                shard.Post(_ =>
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                    measured.Set();
                });
                Assert.True(measured.Wait(5000));
            }
            for (var round = 0; round < PerPeer; round++)
            {
                foreach (var p in peers) p.Send(hello!, server);
                await Task.Delay(1); // stay inside the socket buffer
            }
            Assert.True(Eventually.True(() => shard.Counters.Drops(PacketDropReason.UnknownAddress) - droppedBefore >= Peers * PerPeer * 9 / 10),
                $"dropped {shard.Counters.Drops(PacketDropReason.UnknownAddress) - droppedBefore} of {Peers * PerPeer}");
            Assert.Equal(sessionsBefore, shard.Counters.Sessions);
            Assert.All(peers, p => Assert.Null(p.Receive(1))); // no reply: no amplification
            using (var measured = new ManualResetEventSlim())
            {
                shard.Post(_ =>
                {
                    after = GC.GetAllocatedBytesForCurrentThread();
                    measured.Set();
                });
                Assert.True(measured.Wait(5000));
            }
            Assert.Equal(0, after - before); // nothing allocated per ClientHello: no state, no buffers kept
        }
        finally
        {
            foreach (var p in peers) p.Dispose();
        }
    }

    private sealed class NullHandler : IPeerMediaHandler
    {
        public void OnConnected(WebRtcTransport transport, long nowMs) { }
        public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet) { }
        public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet) { }
        public void OnClosed(WebRtcTransport transport, long nowMs) { }
    }
}
