using BenchmarkDotNet.Attributes;
using Sfu.Transport.Dtls;

namespace Sfu.Benchmarks;

/// <summary>
/// Warm DTLS-SRTP handshakes (BouncyCastle, ECDHE-ECDSA P-256, AES-128-GCM, use_srtp): one at a time, and
/// 64 at once through the handshake pool. Both ends run in this process on the same cores, joined by
/// <see cref="DtlsPairPump"/>, so every figure includes the client's work too; the server's own CPU per
/// handshake is printed at cleanup from <see cref="BouncyCastleDtlsEngine.HandshakeCpuTime"/>.
/// </summary>
[MemoryDiagnoser]
public class DtlsHandshakeBenchmarks
{
    private const int Concurrent = 64;

    private DtlsCertificate _serverCertificate = null!;
    private DtlsCertificate _clientCertificate = null!;
    private DtlsHandshakePool _serverPool = null!;
    private DtlsHandshakePool _clientPool = null!;
    private readonly List<double> _serverCpuMs = [];
    private readonly List<double> _serverWallMs = [];

    [GlobalSetup]
    public void Setup()
    {
        _serverCertificate = DtlsCertificate.Generate("bench-server");
        _clientCertificate = DtlsCertificate.Generate("bench-client");
        _serverPool = new DtlsHandshakePool(Concurrent);
        _clientPool = new DtlsHandshakePool(Concurrent);
        DtlsWarmup.RunAsync(_serverCertificate, _serverPool).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_serverCpuMs.Count > 0)
        {
            _serverCpuMs.Sort();
            _serverWallMs.Sort();
            Console.WriteLine($"// DTLS server CPU per handshake: mean {_serverCpuMs.Average():F2} ms, median {_serverCpuMs[_serverCpuMs.Count / 2]:F2} ms, " +
                $"p95 {_serverCpuMs[(int)(_serverCpuMs.Count * 0.95)]:F2} ms over {_serverCpuMs.Count} handshakes; " +
                $"server wall median {_serverWallMs[_serverWallMs.Count / 2]:F2} ms");
        }
        _serverPool.Dispose();
        _clientPool.Dispose();
    }

    /// <summary>One complete handshake, client and server, wall time.</summary>
    [Benchmark]
    public void WarmHandshake() => Run(1);

    /// <summary>64 handshakes started together; the mean is per handshake, so 1/mean is handshakes per second.</summary>
    [Benchmark(OperationsPerInvoke = Concurrent)]
    public void Concurrent64Handshakes() => Run(Concurrent);

    private void Run(int pairs)
    {
        var servers = new BouncyCastleDtlsEngine[pairs];
        var clients = new BouncyCastleDtlsEngine[pairs];
        using var done = new CountdownEvent(2 * pairs);
        var failed = 0;
        for (var i = 0; i < pairs; i++)
        {
            servers[i] = new BouncyCastleDtlsEngine(new DtlsOptions
            {
                Role = DtlsRole.Server, Certificate = _serverCertificate, RemoteFingerprint = _clientCertificate.Fingerprint,
            }, _serverPool);
            clients[i] = new BouncyCastleDtlsEngine(new DtlsOptions
            {
                Role = DtlsRole.Client, Certificate = _clientCertificate, RemoteFingerprint = _serverCertificate.Fingerprint,
            }, _clientPool);
            foreach (var engine in new[] { servers[i], clients[i] })
            {
                engine.HandshakeCompleted += (_, _) => done.Signal();
                engine.Failed += (_, _) =>
                {
                    Interlocked.Increment(ref failed);
                    done.Signal();
                };
            }
        }
        using (var pump = new DtlsPairPump(clients, servers))
        {
            foreach (var client in clients) client.Start();
            if (!done.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("handshakes did not finish");
        }
        if (failed > 0) throw new InvalidOperationException(failed + " handshakes failed");
        foreach (var server in servers)
        {
            lock (_serverCpuMs)
            {
                _serverCpuMs.Add(server.HandshakeCpuTime.TotalMilliseconds);
                _serverWallMs.Add(server.HandshakeWallTime.TotalMilliseconds);
            }
            server.Dispose();
        }
        foreach (var client in clients) client.Dispose();
    }
}
