using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>Certificates, engines and waiting helpers shared by the DTLS tests.</summary>
internal static class DtlsTestPeers
{
    /// <summary>Generated once per test run: key generation is not what these tests measure.</summary>
    public static DtlsCertificate ServerCertificate { get; } = DtlsCertificate.Generate("server");

    public static DtlsCertificate ClientCertificate { get; } = DtlsCertificate.Generate("client");

    /// <summary>A third identity, for "wrong fingerprint" cases.</summary>
    public static DtlsCertificate StrangerCertificate { get; } = DtlsCertificate.Generate("stranger");

    /// <summary>A pool of its own for the tests, so they never depend on the shared one's state.</summary>
    public static DtlsHandshakePool Pool { get; } = new(maxConcurrent: 16);

    public static BouncyCastleDtlsEngine Server(
        IReadOnlyList<DtlsSrtpProfile>? profiles = null, DtlsFingerprint? expectClient = null,
        TimeSpan? timeout = null, DtlsHandshakePool? pool = null, int maxQueued = 16) =>
        new(new DtlsOptions
        {
            Role = DtlsRole.Server,
            Certificate = ServerCertificate,
            RemoteFingerprint = expectClient ?? ClientCertificate.Fingerprint,
            SrtpProfiles = profiles ?? DtlsSrtpProfiles.DefaultPreference,
            HandshakeTimeout = timeout ?? DtlsOptions.DefaultHandshakeTimeout,
            MaxQueuedDatagrams = maxQueued,
        }, pool ?? Pool);

    public static BouncyCastleDtlsEngine Client(
        IReadOnlyList<DtlsSrtpProfile>? profiles = null, DtlsFingerprint? expectServer = null, TimeSpan? timeout = null) =>
        new(new DtlsOptions
        {
            Role = DtlsRole.Client,
            Certificate = ClientCertificate,
            RemoteFingerprint = expectServer ?? ServerCertificate.Fingerprint,
            SrtpProfiles = profiles ?? DtlsSrtpProfiles.DefaultPreference,
            HandshakeTimeout = timeout ?? DtlsOptions.DefaultHandshakeTimeout,
        }, Pool);

    /// <summary>Records what an engine reported, with completion signals to wait on.</summary>
    public sealed class Observer
    {
        private readonly TaskCompletionSource<DtlsSrtpKeys> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<DtlsFailure> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<byte[]> _data = [];

        public Observer(IDtlsEngine engine)
        {
            engine.HandshakeCompleted += (_, keys) => _completed.TrySetResult(keys);
            engine.Failed += (_, failure) => _failed.TrySetResult(failure);
            engine.Closed += _ => _closed.TrySetResult();
            engine.ApplicationDataReceived += (_, data) =>
            {
                lock (_data) _data.Add(data.ToArray());
            };
        }

        public Task<DtlsSrtpKeys> Completed => _completed.Task;

        public Task<DtlsFailure> FailedTask => _failed.Task;

        public Task ClosedTask => _closed.Task;

        public byte[][] Data
        {
            get { lock (_data) return [.. _data]; }
        }

        public bool HasFailed => _failed.Task.IsCompleted;
    }

    /// <summary>Waits for a task with a generous bound (shared, busy machine), failing the test on timeout.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan bound)
    {
        var winner = await Task.WhenAny(task, Task.Delay(bound));
        Assert.True(winner == task, "timed out after " + bound);
        return await task;
    }

    public static async Task Within(Task task, TimeSpan bound)
    {
        var winner = await Task.WhenAny(task, Task.Delay(bound));
        Assert.True(winner == task, "timed out after " + bound);
        await task;
    }

    /// <summary>Polls a condition (for counters updated on other threads) until true or the bound passes.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            await Task.Delay(10);
        }
        return condition();
    }

    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
}
