using BenchmarkDotNet.Attributes;
using Sfu.Core.Rtcp;

namespace Sfu.Benchmarks;

/// <summary>Reading a Chromium SR+SDES compound, and reading and writing transport-cc feedback.</summary>
[MemoryDiagnoser]
public class RtcpBenchmarks
{
    // The first decrypted compound of capture chromium-av-aead-aes-128-gcm (SR + SDES CNAME).
    private readonly byte[] _compound = Convert.FromHexString(
        "80c8000695f2526deeb60b79150efdc94f0bb0b10000001000001ef581ca000695f2526d011030476d4165753536652b436f75506a570000");
    private readonly byte[] _feedback = new byte[1500];
    private readonly int[] _deltas = new int[100];
    private int _feedbackLength;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _deltas.Length; i++) _deltas[i] = i % 10 == 9 ? RtcpTransportFeedback.NotReceived : (i * 7) % 60;
        _feedbackLength = RtcpTransportFeedback.Write(_feedback, 1, 2, 1000, 1234, 1, _deltas);
    }

    [Benchmark(Baseline = true)]
    public uint ParseCompound()
    {
        RtcpCompoundReader.TryParse(_compound, out var reader, out _);
        uint sum = 0;
        foreach (var packet in reader)
        {
            if (RtcpSenderReport.TryParse(packet, out var sr, out _)) sum += sr.SenderInfo.PacketCount;
            else if (RtcpSourceDescription.TryParse(packet, out var sdes, out _) && sdes.TryGetFirstCname(out var ssrc, out _)) sum += ssrc;
        }
        return sum;
    }

    [Benchmark]
    public int ParseTransportFeedback100()
    {
        RtcpTransportFeedback.TryParse(_feedback.AsSpan(0, _feedbackLength), out var fb, out _);
        var sum = 0;
        foreach (var p in fb.GetPackets()) sum += p.DeltaTicks;
        return sum;
    }

    [Benchmark]
    public int WriteTransportFeedback100() => RtcpTransportFeedback.Write(_feedback, 1, 2, 1000, 1234, 1, _deltas);
}
