using BenchmarkDotNet.Attributes;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;

namespace Sfu.Benchmarks;

/// <summary>What the forwarder does per packet per subscriber: parse, read extensions, copy and rewrite.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    // A 1200-byte VP8 packet with the capture's one-byte extensions (abs-send-time 2, transport-cc 3, mid 4).
    private readonly byte[] _packet = new byte[1200];
    private readonly byte[] _scratch = new byte[1500];
    private readonly RtpHeaderExtensionMap _map = new();

    [GlobalSetup]
    public void Setup()
    {
        byte[] header = Convert.FromHexString("906000648b0a2c1f7c2b3d4ebede0003" + "22e2621c" + "31000140" + "30000000");
        header.CopyTo(_packet, 0);
        for (var i = header.Length; i < _packet.Length; i++) _packet[i] = (byte)i;
        _map.Register(2, RtpExtensionUri.AbsSendTime);
        _map.Register(3, RtpExtensionUri.TransportWideCc);
        _map.Register(4, RtpExtensionUri.Mid);
    }

    [Benchmark(Baseline = true)]
    public bool Parse() => RtpPacketView.TryParse(_packet, out _, out _);

    [Benchmark]
    public int ParseAndReadExtensions()
    {
        RtpPacketView.TryParse(_packet, out var v, out _);
        v.TryGetExtension(_map, RtpExtensionKind.TransportWideCc, out var tcc);
        TransportCcExtension.TryRead(tcc, out var seq);
        v.TryGetExtension(_map, RtpExtensionKind.Mid, out var mid);
        v.TryGetExtension(_map, RtpExtensionKind.AbsSendTime, out var abs);
        return seq + mid.Length + abs.Length;
    }

    [Benchmark]
    public int CopyParseAndRewrite()
    {
        _packet.CopyTo(_scratch, 0);
        RtpPacketView.TryParse(_scratch.AsSpan(0, _packet.Length), out var v, out _);
        v.Ssrc = 0x01020304;
        v.SequenceNumber = (ushort)(v.SequenceNumber + 17);
        v.Timestamp += 3000;
        v.PayloadType = 96;
        if (v.TryGetWritableExtension(3, out var tcc)) TransportCcExtension.Write(4242, tcc);
        return v.Length;
    }

    [Benchmark]
    public int CopyParseAndRemoveExtension()
    {
        _packet.CopyTo(_scratch, 0);
        RtpPacketView.TryParse(_scratch.AsSpan(0, _packet.Length), out var v, out _);
        v.RemoveExtension(4);
        return v.Length;
    }
}
