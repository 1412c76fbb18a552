using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Benchmarks;

/// <summary>
/// Sending 1200-byte datagrams on loopback: the shard path (copy into the send batch, one loop turn,
/// one sendmmsg per 32) against a plain <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> per datagram.
/// Per-datagram times (OperationsPerInvoke = 32).
/// </summary>
[MemoryDiagnoser]
public class UdpSendBenchmarks
{
    internal const int Batch = 32;
    private UdpTransport _transport = null!;
    private Shard _shard = null!;
    private Socket _sink = null!;
    private Socket _plain = null!;
    private SocketAddress _sinkAddress = null!;
    private SocketAddressKey _sinkKey;
    private readonly byte[] _payload = new byte[1200];

    [GlobalSetup]
    public void Setup()
    {
        // The sink never reads: once its buffer is full the kernel drops on delivery, identically for both paths.
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 65536 };
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinkEndPoint = (IPEndPoint)_sink.LocalEndPoint!;
        _sinkAddress = sinkEndPoint.Serialize();
        _sinkKey = SocketAddressKey.FromEndPoint(sinkEndPoint);
        _plain = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _plain.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new UdpTransportOptions { Port = 0, ShardCount = 1, BatchSize = Batch };
        options.BindAddresses.Add(IPAddress.Loopback);
        _transport = new UdpTransport(options);
        _shard = _transport.Shards[0];
        _shard.StartManual(); // this thread turns the loop
        new Random(1).NextBytes(_payload);
        _payload[0] = 0x80;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transport.Dispose();
        _sink.Dispose();
        _plain.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void SocketSendTo()
    {
        for (var i = 0; i < Batch; i++) _plain.SendTo(_payload, SocketFlags.None, _sinkAddress);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ShardSendmmsg()
    {
        for (var i = 0; i < Batch; i++) _shard.Send(_payload, _sinkKey);
        _shard.RunOnce(0); // a loop turn: commands, timers, epoll_wait(0), then the sendmmsg flush
    }
}
