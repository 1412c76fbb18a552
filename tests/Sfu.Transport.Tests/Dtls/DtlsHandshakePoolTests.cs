using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>The dedicated handshake threads: bounded concurrency, a bounded queue, not the .NET thread pool.</summary>
public sealed class DtlsHandshakePoolTests
{
    [Fact]
    public async Task Runs_at_most_MaxConcurrent_at_once_on_dedicated_threads_and_queues_the_rest()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 3, maxQueued: 100);
        using var release = new ManualResetEventSlim(false);
        var running = 0;
        var peak = 0;
        var onThreadPool = 0;
        var done = 0;
        for (var i = 0; i < 10; i++)
        {
            Assert.True(pool.TryQueue(() =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref onThreadPool);
                release.Wait();
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref done);
            }));
        }
        Assert.True(await DtlsTestPeers.Eventually(() => pool.Running == 3, DtlsTestPeers.Generous));
        Assert.Equal(7, pool.Queued);
        Assert.Equal(3, pool.ThreadCount);
        release.Set();
        Assert.True(await DtlsTestPeers.Eventually(() => Volatile.Read(ref done) == 10, DtlsTestPeers.Generous));
        Assert.Equal(3, peak);
        Assert.Equal(0, onThreadPool);
        Assert.Equal(3, pool.ThreadCount); // threads are reused, not re-created
    }

    [Fact]
    public async Task A_full_queue_refuses_work()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 1, maxQueued: 2);
        using var release = new ManualResetEventSlim(false);
        Assert.True(pool.TryQueue(release.Wait));
        Assert.True(await DtlsTestPeers.Eventually(() => pool.Running == 1, DtlsTestPeers.Generous));
        Assert.True(pool.TryQueue(release.Wait));
        Assert.True(pool.TryQueue(release.Wait));
        Assert.False(pool.TryQueue(release.Wait));
        release.Set();
    }

    [Fact]
    public async Task An_overloaded_pool_fails_the_engine_with_Overloaded()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 1, maxQueued: 0);
        using var release = new ManualResetEventSlim(false);
        Assert.True(pool.TryQueue(release.Wait));
        Assert.True(await DtlsTestPeers.Eventually(() => pool.Running == 1, DtlsTestPeers.Generous));
        using var server = DtlsTestPeers.Server(pool: pool);
        var observer = new DtlsTestPeers.Observer(server);
        server.HandleDatagram(ChromiumCapture.Load(ChromiumCapture.All().First()).ClientHelloDatagrams[0]);
        var failure = await DtlsTestPeers.Within(observer.FailedTask, DtlsTestPeers.Generous);
        Assert.Equal(DtlsFailureReason.Overloaded, failure.Reason);
        release.Set();
    }

    [Fact]
    public void Defaults_are_64_threads_with_256_KiB_stacks()
    {
        using var pool = new DtlsHandshakePool();
        Assert.Equal(64, pool.MaxConcurrent);
        Assert.Equal(256 * 1024, pool.StackSize);
        Assert.Equal(0, pool.ThreadCount); // nothing starts before the first handshake
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
