using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Sfu.Transport.Dtls;

namespace Sfu.Benchmarks;

/// <summary>
/// The first handshake in a fresh process (JIT, BouncyCastle static initialisation): what a warm-up at
/// start hides. Each launch is a new process and measures exactly one handshake. Certificate generation
/// happens in setup, so some EC code is already jitted; the figure is a lower bound of a truly cold start.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class DtlsColdHandshakeBenchmarks
{
    private DtlsCertificate _certificate = null!;

    [GlobalSetup]
    public void Setup() => _certificate = DtlsCertificate.Generate("bench-cold");

    /// <summary>The warm-up self-handshake itself, in a process that has not done one yet.</summary>
    [Benchmark]
    public TimeSpan ColdFirstHandshake()
    {
        using var pool = new DtlsHandshakePool(2);
        return DtlsWarmup.RunAsync(_certificate, pool).GetAwaiter().GetResult();
    }
}
