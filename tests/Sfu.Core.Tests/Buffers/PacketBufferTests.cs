using Sfu.Core.Buffers;

namespace Sfu.Core.Tests.Buffers;

public class PacketBufferTests
{
    [Fact]
    public void The_last_release_returns_the_buffer_and_the_pool_reuses_it()
    {
        var pool = new PacketBufferPool();
        var b = pool.Rent([1, 2, 3], 7);
        Assert.Equal(1, pool.Outstanding);
        Assert.Equal(new byte[] { 1, 2, 3 }, b.Span.ToArray());
        b.AddRef();
        b.Release();
        Assert.Equal(1, pool.Outstanding);
        b.Release();
        Assert.Equal(0, pool.Outstanding);
        var again = pool.Rent();
        Assert.Same(b, again);
        Assert.Equal(0, again.Length);
        Assert.Equal(1, pool.Created);
    }

    [Fact]
    public void A_double_release_is_a_broken_invariant_and_throws()
    {
        var b = PacketBuffer.CreateUnpooled();
        b.Release();
        // Debug.Fail would stop a debug test host; the release-build contract is the exception.
        var listeners = System.Diagnostics.Trace.Listeners.Cast<System.Diagnostics.TraceListener>().ToArray();
        System.Diagnostics.Trace.Listeners.Clear();
        try
        {
            Assert.Throws<InvalidOperationException>(b.Release);
            Assert.Throws<InvalidOperationException>(b.AddRef);
        }
        finally
        {
            System.Diagnostics.Trace.Listeners.AddRange(listeners);
        }
    }

    [Fact]
    public void Renting_and_releasing_from_a_warm_pool_allocates_nothing()
    {
        var pool = new PacketBufferPool(preallocate: 4);
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            var a = pool.Rent();
            var b = pool.Rent();
            a.AddRef();
            a.Release();
            a.Release();
            b.Release();
        }));
    }
}
