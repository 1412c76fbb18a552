using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using System.Runtime.InteropServices;
using Sfu.Transport.Demux;
using Sfu.Transport.Native;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Benchmarks;

/// <summary>
/// Sending 1200-byte datagrams on loopback: the shard path (copy into the send batch, one loop turn,
/// one sendmmsg per 32) against a plain <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> per datagram.
/// Per-datagram times (OperationsPerInvoke = 32). <see cref="RawSendmmsg"/> is the floor: the same 32 datagrams
/// through one bare sendmmsg(2) P/Invoke from preallocated headers, no shard, so ShardSendmmsg / RawSendmmsg is
/// what the shard adds. On loopback every send also runs the kernel's receive path (routing, UDP lookup,
/// queueing or dropping at the sink) in the sender's system call: about a third of the kernel time, which a
/// real NIC does not charge to the sender (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public unsafe class UdpSendBenchmarks
{
    internal const int Batch = 32;
    private UdpTransport _transport = null!;
    private Shard _shard = null!;
    private Socket _sink = null!;
    private Socket _plain = null!;
    private SocketAddress _sinkAddress = null!;
    private SocketAddressKey _sinkKey;
    private readonly byte[] _payload = new byte[1200];
    private Socket _raw = null!;
    private NativeMethods.MMsgHdr* _rawMsgs;
    private NativeMethods.IoVec* _rawIov;
    private byte* _rawData;
    private byte* _rawName;

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

        _raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _raw.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _rawMsgs = (NativeMethods.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(sizeof(NativeMethods.MMsgHdr) * Batch));
        _rawIov = (NativeMethods.IoVec*)NativeMemory.AllocZeroed((nuint)(sizeof(NativeMethods.IoVec) * Batch));
        _rawData = (byte*)NativeMemory.AllocZeroed((nuint)(_payload.Length * Batch));
        _rawName = (byte*)NativeMemory.AllocZeroed(32);
        var nameLength = _sinkKey.WriteLinuxSockaddr(new Span<byte>(_rawName, 32), socketIsIPv6: false);
        for (var i = 0; i < Batch; i++)
        {
            _payload.CopyTo(new Span<byte>(_rawData + (i * _payload.Length), _payload.Length));
            _rawIov[i].Base = _rawData + (i * _payload.Length);
            _rawIov[i].Length = (nuint)_payload.Length;
            _rawMsgs[i].Header.Iov = &_rawIov[i];
            _rawMsgs[i].Header.IovLength = 1;
            _rawMsgs[i].Header.Name = _rawName;
            _rawMsgs[i].Header.NameLength = (uint)nameLength;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transport.Dispose();
        _sink.Dispose();
        _plain.Dispose();
        _raw.Dispose();
        NativeMemory.Free(_rawMsgs);
        NativeMemory.Free(_rawIov);
        NativeMemory.Free(_rawData);
        NativeMemory.Free(_rawName);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void SocketSendTo()
    {
        for (var i = 0; i < Batch; i++) _plain.SendTo(_payload, SocketFlags.None, _sinkAddress);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int RawSendmmsg()
    {
        var sent = 0;
        while (sent < Batch)
        {
            var n = NativeMethods.SendMmsg((int)_raw.SafeHandle.DangerousGetHandle(), _rawMsgs + sent, (uint)(Batch - sent), 0);
            sent += n > 0 ? n : 1;
        }
        return sent;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ShardSendmmsg()
    {
        for (var i = 0; i < Batch; i++) _shard.Send(_payload, _sinkKey);
        _shard.RunOnce(0); // a loop turn: commands, timers, epoll_wait(0), then the sendmmsg flush
    }
}
