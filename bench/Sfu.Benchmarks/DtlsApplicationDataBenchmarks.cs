using BenchmarkDotNet.Attributes;
using Sfu.Transport.Dtls;

namespace Sfu.Benchmarks;

/// <summary>
/// After the handshake: one 1000-byte application_data record (an SCTP packet's size) encrypted by the
/// client engine and decrypted and surfaced by the server engine, on the calling thread as a shard would.
/// </summary>
[MemoryDiagnoser]
public class DtlsApplicationDataBenchmarks
{
    private readonly byte[] _payload = new byte[1000];
    private readonly byte[] _datagram = new byte[1500];
    private BouncyCastleDtlsEngine _client = null!;
    private BouncyCastleDtlsEngine _server = null!;
    private DtlsHandshakePool _pool = null!;
    private long _received;

    [GlobalSetup]
    public void Setup()
    {
        var serverCertificate = DtlsCertificate.Generate("bench-server");
        var clientCertificate = DtlsCertificate.Generate("bench-client");
        _pool = new DtlsHandshakePool(2);
        _server = new BouncyCastleDtlsEngine(new DtlsOptions { Role = DtlsRole.Server, Certificate = serverCertificate, RemoteFingerprint = clientCertificate.Fingerprint }, _pool);
        _client = new BouncyCastleDtlsEngine(new DtlsOptions { Role = DtlsRole.Client, Certificate = clientCertificate, RemoteFingerprint = serverCertificate.Fingerprint }, _pool);
        using var connected = new CountdownEvent(2);
        _server.HandshakeCompleted += (_, _) => connected.Signal();
        _client.HandshakeCompleted += (_, _) => connected.Signal();
        _server.ApplicationDataReceived += (_, data) => _received += data.Length;
        using (new DtlsLoopback(_client, _server))
        {
            _client.Start();
            if (!connected.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("handshake");
            SpinWait.SpinUntil(() => _server.State == DtlsEngineState.Connected && _client.State == DtlsEngineState.Connected, 5000);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
        _pool.Dispose();
    }

    [Benchmark]
    public long EncryptAndReceiveOneRecord()
    {
        _client.SendApplicationData(_payload);
        _client.TryPollTransmit(_datagram, out var length);
        _server.HandleDatagram(_datagram.AsSpan(0, length));
        return _received;
    }
}
