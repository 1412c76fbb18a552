using System.Diagnostics;

namespace Sfu.Transport.Dtls;

/// <summary>
/// The self-handshake run once at start so the first real handshake is fast: the first one in a process
/// spends hundreds of milliseconds in JIT and BouncyCastle's static initialisation (dtls-notes pitfall 4:
/// 264-778 ms cold, 4-12 ms warm), long enough for Chromium to retransmit its ClientHello.
/// </summary>
public static class DtlsWarmup
{
    /// <summary>
    /// Runs a client and a server engine against each other in memory on <paramref name="pool"/>'s threads
    /// and returns how long the handshake took. Throws if it fails (a broken DTLS setup should stop startup).
    /// </summary>
    public static async Task<TimeSpan> RunAsync(DtlsCertificate certificate, DtlsHandshakePool? pool = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        pool ??= DtlsHandshakePool.Shared;
        // Both ends use the same certificate, so each expects the other's fingerprint to be its own.
        using var server = new BouncyCastleDtlsEngine(new DtlsOptions { Role = DtlsRole.Server, Certificate = certificate, RemoteFingerprint = certificate.Fingerprint }, pool);
        using var client = new BouncyCastleDtlsEngine(new DtlsOptions { Role = DtlsRole.Client, Certificate = certificate, RemoteFingerprint = certificate.Fingerprint }, pool);
        var done = new TaskCompletionSource<DtlsFailure?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completed = 0;
        void OnCompleted(IDtlsEngine engine, DtlsSrtpKeys keys)
        {
            if (Interlocked.Increment(ref completed) == 2) done.TrySetResult(null);
        }
        void OnFailed(IDtlsEngine engine, DtlsFailure failure) => done.TrySetResult(failure);
        server.HandshakeCompleted += OnCompleted;
        client.HandshakeCompleted += OnCompleted;
        server.Failed += OnFailed;
        client.Failed += OnFailed;
        using var loopback = new DtlsLoopback(client, server);
        var stopwatch = Stopwatch.StartNew();
        client.Start();
        var failure = await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();
        if (failure is not null)
            throw new InvalidOperationException("DTLS warm-up handshake failed: " + failure.Reason + " " + failure.Detail);
        return stopwatch.Elapsed;
    }
}
