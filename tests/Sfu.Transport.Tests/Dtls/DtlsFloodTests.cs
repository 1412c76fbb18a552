using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// A ClientHello flood (security.md items 3, 8, 13): many engines, each fed far more datagrams than a
/// handshake needs. Queues are capped per engine, the pool caps running and waiting handshakes, and
/// discarded engines give their memory back.
/// </summary>
public sealed class DtlsFloodTests
{
    private const int Engines = 500;
    private const int DatagramsPerEngine = 200;
    private const int QueueCap = 16;

    [Fact]
    public async Task ClientHello_flood_keeps_per_engine_queues_capped_and_memory_bounded()
    {
        var hello = ChromiumCapture.Load(ChromiumCapture.All().First()).ClientHelloDatagrams;
        using var pool = new DtlsHandshakePool(maxConcurrent: 4, maxQueued: 64);
        var engines = new List<BouncyCastleDtlsEngine>(Engines);
        var failures = new int[Enum.GetValues<DtlsFailureReason>().Length];

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Engines; i++)
        {
            var engine = DtlsTestPeers.Server(pool: pool, maxQueued: QueueCap);
            engine.Failed += (_, f) => Interlocked.Increment(ref failures[(int)f.Reason]);
            engines.Add(engine);
            for (var j = 0; j < DatagramsPerEngine; j++) engine.HandleDatagram(hello[j % 2]);
            Assert.InRange(engine.QueuedDatagrams, 0, QueueCap);
        }
        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        // Unbounded queues would hold 500 * 200 * 1.2 KB = 120 MB; capped ones at most 500 * 16 * 2 KiB (pool buckets).
        Assert.True(retained < Engines * 48L * 1024, $"flood retained {retained / 1024} KiB");
        var dropped = engines.Sum(e => e.DroppedDatagrams);
        Assert.True(dropped >= (long)Engines * (DatagramsPerEngine - QueueCap) - (4 * DatagramsPerEngine), "dropped " + dropped);
        Assert.InRange(pool.ThreadCount, 1, 4);
        Assert.InRange(pool.Queued, 0, 64);
        // Engines beyond running + waiting were refused outright rather than queued.
        Assert.True(Volatile.Read(ref failures[(int)DtlsFailureReason.Overloaded]) >= Engines - 4 - 64 - 8);

        // Discard every engine (as the shard does when the ICE session goes): threads free up, memory returns.
        foreach (var engine in engines) engine.Close();
        Assert.True(await DtlsTestPeers.Eventually(() => pool.Running == 0 && pool.Queued == 0, DtlsTestPeers.Generous));
        Assert.All(engines, e => Assert.Equal(0, e.QueuedDatagrams));
        engines.Clear();
        var after = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Assert.True(after < 16L * 1024 * 1024, $"after discarding, {after / 1024} KiB still held");
    }

    [Fact]
    public void One_engine_fed_a_thousand_datagrams_queues_at_most_its_cap()
    {
        var hello = ChromiumCapture.Load(ChromiumCapture.All().First()).ClientHelloDatagrams;
        using var blocker = new ManualResetEventSlim(false);
        // The only thread is kept busy, so the engine's handshake waits in the pool queue and nothing drains it.
        using var waitingPool = new DtlsHandshakePool(maxConcurrent: 1, maxQueued: 1);
        Assert.True(waitingPool.TryQueue(blocker.Wait));
        using var engine = DtlsTestPeers.Server(pool: waitingPool, maxQueued: QueueCap);
        for (var j = 0; j < 1000; j++) engine.HandleDatagram(hello[j % 2]);
        Assert.Equal(QueueCap, engine.QueuedDatagrams);
        Assert.Equal(1000 - QueueCap, engine.DroppedDatagrams);
        Assert.Equal(DtlsEngineState.Handshaking, engine.State);
        engine.Close();
        Assert.Equal(0, engine.QueuedDatagrams);
        blocker.Set();
    }

    [Fact]
    public void Oversized_empty_and_malformed_datagrams_are_dropped_before_queueing()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 1, maxQueued: 1);
        using var blocker = new ManualResetEventSlim(false);
        Assert.True(pool.TryQueue(blocker.Wait));
        using var engine = DtlsTestPeers.Server(pool: pool);
        engine.HandleDatagram([]);
        engine.HandleDatagram(new byte[1501]);
        engine.HandleDatagram([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 1]); // length past the end
        var big = new byte[1600];
        big[0] = 22; big[1] = 0xFE; big[2] = 0xFD; big[11] = (1587 >> 8) & 0xFF; big[12] = 1587 & 0xFF;
        engine.HandleDatagram(big); // well formed but larger than any MTU
        Assert.Equal(0, engine.QueuedDatagrams);
        Assert.Equal(4, engine.DroppedDatagrams);
        blocker.Set();
    }
}
