using System.Text;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Stun;

namespace Sfu.Benchmarks;

/// <summary>The per-request STUN work of an ICE-lite agent: parse, check integrity and fingerprint, answer.</summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    // A Chromium 156 Binding request shaped like the capture fixtures (USERNAME, GOOG-NETWORK-INFO,
    // ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT), built once in setup.
    private readonly byte[] _request = new byte[128];
    private readonly byte[] _response = new byte[128];
    private readonly byte[] _key = Encoding.UTF8.GetBytes("qxOv0POSgMH2KQb84AJl0qu8");
    private readonly byte[] _address = [192, 0, 2, 2];
    private int _requestLength;

    [GlobalSetup]
    public void Setup()
    {
        var w = new StunMessageWriter(_request, StunMessageType.BindingRequest, Convert.FromHexString("2b6469546a4557367a445a64"));
        w.AddUsername("EXMw2zVi:5WpM"u8);
        w.AddAttribute(StunAttributeType.GoogNetworkInfo, [0, 1, 0, 0]);
        w.AddIceControlling(0x75b3d86632842145);
        w.AddUseCandidate();
        w.AddPriority(0x6e7e1eff);
        w.AddMessageIntegrity(_key);
        w.AddFingerprint();
        _requestLength = w.Length;
    }

    [Benchmark]
    public bool ParseOnly() => StunMessageReader.TryParse(_request.AsSpan(0, _requestLength), out _, out _);

    [Benchmark(Baseline = true)]
    public bool ParseAndVerifyIntegrityAndFingerprint()
    {
        StunMessageReader.TryParse(_request.AsSpan(0, _requestLength), out var m, out _);
        return m.ValidateMessageIntegrity(_key) && m.ValidateFingerprint();
    }

    [Benchmark]
    public int VerifyAndAnswer()
    {
        StunMessageReader.TryParse(_request.AsSpan(0, _requestLength), out var m, out _);
        if (!m.ValidateMessageIntegrity(_key) || !m.ValidateFingerprint()) return 0;
        var w = new StunMessageWriter(_response, StunMessageType.BindingSuccessResponse, m.TransactionId);
        w.AddXorMappedAddress(_address, 50000);
        w.AddMessageIntegrity(_key);
        w.AddFingerprint();
        return w.Length;
    }
}
