using Sfu.Transport.Sharding;

namespace Sfu.Transport.Tests.Sharding;

public class MpscQueueTests
{
    [Fact]
    public void Items_come_out_in_order_and_a_full_queue_refuses()
    {
        var queue = new MpscQueue<int>(4);
        for (var i = 0; i < 4; i++) Assert.True(queue.TryEnqueue(i));
        Assert.False(queue.TryEnqueue(99));
        for (var i = 0; i < 4; i++)
        {
            Assert.True(queue.TryDequeue(out var v));
            Assert.Equal(i, v);
        }
        Assert.False(queue.TryDequeue(out _));
        Assert.True(queue.TryEnqueue(5)); // wrapped around
    }

    [Fact]
    public void Concurrent_producers_lose_nothing_and_duplicate_nothing()
    {
        const int producers = 4, perProducer = 50_000;
        var queue = new MpscQueue<long>(1024);
        var seen = new bool[producers * perProducer];
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                var value = (long)p * perProducer + i;
                while (!queue.TryEnqueue(value)) Thread.Yield();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        var received = 0;
        var lastPerProducer = Enumerable.Repeat(-1L, producers).ToArray();
        while (received < seen.Length)
        {
            if (!queue.TryDequeue(out var v))
            {
                Thread.Yield();
                continue;
            }
            Assert.False(seen[v]);
            seen[v] = true;
            var producer = (int)(v / perProducer);
            Assert.True(v > lastPerProducer[producer]); // per-producer FIFO
            lastPerProducer[producer] = v;
            received++;
        }
        threads.ForEach(t => t.Join());
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Enqueue_and_dequeue_allocate_nothing()
    {
        var queue = new MpscQueue<int>(16);
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            queue.TryEnqueue(1);
            queue.TryDequeue(out _);
        }));
    }
}
