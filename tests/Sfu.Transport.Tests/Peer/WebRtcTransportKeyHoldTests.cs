using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Sfu.Core.Diagnostics;
using Sfu.Core.Srtp;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;
using Sfu.Transport.Sharding;
using Sfu.Transport.Tests.Sharding;

namespace Sfu.Transport.Tests.Peer;

/// <summary>
/// SRTP that arrives after the server's last DTLS flight but before the keys are installed is held
/// (at most 64 packets, 200 ms) and processed once keys exist, not dropped: BouncyCastle sends its Finished
/// before the keys can be exported, and Chromium starts media as soon as it has its own.
/// </summary>
[Collection(SocketTests.Collection)]
public sealed class WebRtcTransportKeyHoldTests
{
    private static readonly IceCredentials Local = new("holdUfrg", "holdpassword0123456789xyz");
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    internal sealed class FakeDtls(DtlsOptions options) : IDtlsEngine
    {
        public DtlsRole Role => options.Role;
        public DtlsEngineState State { get; private set; } = DtlsEngineState.New;
        public DtlsSrtpKeys? Keys { get; private set; }
        public DtlsFailure? Failure => null;
        public long DroppedDatagrams => 0;
        public long DiscardedRecords => 0;
        public long ApplicationRecordsReceived => 0;
        public int Datagrams;
        public event Action<IDtlsEngine>? TransmitReady { add { } remove { } }
        public event Action<IDtlsEngine, DtlsSrtpKeys>? HandshakeCompleted;
        public event Action<IDtlsEngine, DtlsFailure>? Failed { add { } remove { } }
        public event Action<IDtlsEngine>? Closed { add { } remove { } }
        public event DtlsApplicationDataHandler? ApplicationDataReceived { add { } remove { } }
        public void Start() { }
        public void HandleDatagram(ReadOnlySpan<byte> datagram) => Interlocked.Increment(ref Datagrams);
        public bool TryPollTransmit(Span<byte> destination, out int length)
        {
            length = 0;
            return false;
        }
        public bool SendApplicationData(ReadOnlySpan<byte> data) => false;
        public void Close() { }
        public void Dispose() { }

        /// <summary>What BouncyCastle does from its handshake thread once keys are exported.</summary>
        public void Complete(DtlsSrtpKeys keys)
        {
            Keys = keys;
            State = DtlsEngineState.Connected;
            HandshakeCompleted?.Invoke(this, keys);
        }
    }

    private sealed class Recorder : IPeerMediaHandler
    {
        public readonly ConcurrentQueue<byte[]> Rtp = new();
        public volatile bool Connected;
        public void OnConnected(WebRtcTransport transport, long nowMs) => Connected = true;
        public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet) => Rtp.Enqueue(packet.ToArray());
        public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet) { }
        public void OnClosed(WebRtcTransport transport, long nowMs) { }
    }

    private sealed class Fixture : IDisposable
    {
        public readonly Sfu.Transport.Udp.UdpTransport Udp = ShardTests.Start();
        public readonly TestPeer Peer = new();
        public readonly Recorder Handler = new();
        public FakeDtls? Dtls;
        public readonly WebRtcTransport Transport;
        public readonly byte[] Material = RandomNumberGenerator.GetBytes(SrtpKeyingMaterial.GetLength(SrtpProfile.AeadAes128Gcm));
        public readonly SrtpContext ClientTx;
        public Shard Shard => Udp.Shards[0];
        public IPEndPoint Server => Shard.LocalEndPoints[0];

        public Fixture()
        {
            var options = new DtlsOptions { Certificate = Certificate, RemoteFingerprint = Certificate.Fingerprint };
            Transport = new WebRtcTransport(Local, options, Handler, null, null, null, (o, _) => Dtls = new FakeDtls(o));
            Assert.True(Shard.AddSession(Transport, Local.Ufrag));
            // The peer (DTLS client) protects with the client key and salt.
            ClientTx = SrtpKeyingMaterial.CreateOutbound(SrtpProfile.AeadAes128Gcm, Material, SrtpRole.Client);
            // ICE: one authenticated check validates the peer's address.
            Peer.Send(StunRequests.Binding(Local.Ufrag + ":peer", Local.Password), Server);
            Assert.NotNull(Peer.Receive());
            // The first DTLS datagram creates the engine (a ClientHello, as far as the transport can tell).
            Peer.Send([22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], Server);
            Assert.True(Eventually.True(() => Dtls is { Datagrams: 1 }));
        }

        public byte[] Rtp(ushort seq)
        {
            var buffer = new byte[200];
            byte[] header = [0x80, 96, (byte)(seq >> 8), (byte)seq, 0, 0, 0, 9, 0x11, 0x22, 0x33, 0x44];
            header.CopyTo(buffer, 0);
            buffer[12] = (byte)seq;
            Assert.True(ClientTx.TryProtectRtp(buffer, 100, out var length));
            return buffer[..length];
        }

        public void CompleteHandshake() =>
            Dtls!.Complete(new DtlsSrtpKeys(DtlsSrtpProfile.AeadAes128Gcm, DtlsRole.Server, Material));

        public void Dispose()
        {
            Peer.Dispose();
            Udp.Dispose();
            ClientTx.Dispose();
        }
    }

    [Fact]
    public void Srtp_before_the_keys_is_held_and_delivered_in_order_once_keys_are_installed()
    {
        using var f = new Fixture();
        for (ushort seq = 1; seq <= 5; seq++) f.Peer.Send(f.Rtp(seq), f.Server);
        Assert.True(Eventually.True(() => f.Transport.HeldPackets == 5));
        Assert.Empty(f.Handler.Rtp);

        f.CompleteHandshake();
        Assert.True(Eventually.True(() => f.Handler.Rtp.Count == 5));
        Assert.True(f.Handler.Connected);
        Assert.Equal([1, 2, 3, 4, 5], f.Handler.Rtp.Select(p => (int)p[12]));
        Assert.Equal(0, f.Shard.Counters.Drops(PacketDropReason.NotKeyed));

        // After the keys, packets flow straight through.
        f.Peer.Send(f.Rtp(6), f.Server);
        Assert.True(Eventually.True(() => f.Handler.Rtp.Count == 6));
        Assert.Equal(5, f.Transport.HeldPackets);
    }

    [Fact]
    public void At_most_64_packets_are_held_and_the_rest_are_counted_as_not_keyed()
    {
        using var f = new Fixture();
        for (ushort seq = 1; seq <= 80; seq++) f.Peer.Send(f.Rtp(seq), f.Server);
        Assert.True(Eventually.True(() => f.Transport.HeldPackets + f.Shard.Counters.Drops(PacketDropReason.NotKeyed) == 80));
        Assert.Equal(WebRtcTransport.MaxHeldPackets, f.Transport.HeldPackets);
        f.CompleteHandshake();
        Assert.True(Eventually.True(() => f.Handler.Rtp.Count == WebRtcTransport.MaxHeldPackets));
        Assert.Equal(16, f.Shard.Counters.Drops(PacketDropReason.NotKeyed));
    }

    [Fact]
    public void Packets_held_longer_than_200_ms_are_dropped_when_the_keys_arrive()
    {
        using var f = new Fixture();
        for (ushort seq = 1; seq <= 3; seq++) f.Peer.Send(f.Rtp(seq), f.Server);
        Assert.True(Eventually.True(() => f.Transport.HeldPackets == 3));
        Thread.Sleep((int)WebRtcTransport.MaxHoldMs + 150);
        f.CompleteHandshake();
        Assert.True(Eventually.True(() => f.Handler.Connected && f.Shard.Counters.Drops(PacketDropReason.NotKeyed) == 3));
        Assert.Empty(f.Handler.Rtp);
    }

    [Fact]
    public void Srtp_before_any_DTLS_is_dropped_not_held()
    {
        using var udp = ShardTests.Start();
        var handler = new Recorder();
        var options = new DtlsOptions { Certificate = Certificate, RemoteFingerprint = Certificate.Fingerprint };
        var transport = new WebRtcTransport(Local, options, handler, null, null, null, (o, _) => new FakeDtls(o));
        var shard = udp.Shards[0];
        Assert.True(shard.AddSession(transport, Local.Ufrag));
        using var peer = new TestPeer();
        peer.Send(StunRequests.Binding(Local.Ufrag + ":peer", Local.Password), shard.LocalEndPoints[0]);
        Assert.NotNull(peer.Receive());
        peer.Send([0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], shard.LocalEndPoints[0]);
        Assert.True(Eventually.True(() => shard.Counters.Drops(PacketDropReason.NotKeyed) == 1));
        Assert.Equal(0, transport.HeldPackets);
    }
}
