using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Benchmarks;

/// <summary>
/// Receiving 1200-byte datagrams on loopback. Each iteration first queues 1024 datagrams in the socket
/// (iteration setup, not measured), then drains them: through the shard loop (epoll_wait, recvmmsg
/// batches of 32, classify, session lookup by address, hand to the session) against a plain
/// <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> per datagram. Per-datagram times.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class UdpReceiveBenchmarks
{
    private const int Datagrams = 1024;
    private UdpTransport _transport = null!;
    private Shard _shard = null!;
    private UdpBenchSession _session = null!;
    private Socket _sender = null!;
    private Socket _plain = null!;
    private SocketAddress _from = null!;
    private IPEndPoint _shardEndPoint = null!;
    private IPEndPoint _plainEndPoint = null!;
    private readonly byte[] _payload = new byte[1200];
    private readonly byte[] _buffer = new byte[1500];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_payload);
        _payload[0] = 0x80;
        _payload[1] = 96;
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _plain = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20, ReceiveTimeout = 1000 };
        _plain.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _plainEndPoint = (IPEndPoint)_plain.LocalEndPoint!;
        _from = new SocketAddress(AddressFamily.InterNetwork);
        var options = new UdpTransportOptions { Port = 0, ShardCount = 1, BatchSize = 32, SocketBufferBytes = 4 << 20 };
        options.BindAddresses.Add(IPAddress.Loopback);
        _transport = new UdpTransport(options);
        _shard = _transport.Shards[0];
        _shard.StartManual();
        _shardEndPoint = _shard.LocalEndPoints[0];
        _session = new UdpBenchSession();
        var senderKey = SocketAddressKey.FromEndPoint((IPEndPoint)_sender.LocalEndPoint!);
        _shard.AddSession(_session);
        _shard.Post(s => s.BindAddress(_session, senderKey));
        _shard.RunOnce(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transport.Dispose();
        _sender.Dispose();
        _plain.Dispose();
    }

    [IterationSetup(Target = nameof(SocketReceiveFrom))]
    public void FillPlain() => Fill(_plainEndPoint);

    [IterationSetup(Target = nameof(ShardRecvmmsg))]
    public void FillShard() => Fill(_shardEndPoint);

    private void Fill(IPEndPoint target)
    {
        for (var i = 0; i < Datagrams; i++) _sender.SendTo(_payload, target);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Datagrams)]
    public long SocketReceiveFrom()
    {
        long bytes = 0;
        for (var i = 0; i < Datagrams; i++) bytes += _plain.ReceiveFrom(_buffer, SocketFlags.None, _from);
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public long ShardRecvmmsg()
    {
        var target = _session.Datagrams + Datagrams;
        for (var turns = 0; _session.Datagrams < target && turns < 10_000; turns++) _shard.RunOnce(1);
        return _session.Datagrams;
    }
}
