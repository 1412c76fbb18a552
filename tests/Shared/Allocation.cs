namespace Sfu.Tests.Shared;

/// <summary>Allocation assertions: the packet path must allocate nothing in steady state.</summary>
public static class Allocation
{
    /// <summary>Bytes allocated on this thread while running <paramref name="action"/> <paramref name="iterations"/> times, after one warm-up call.</summary>
    public static long Measure(int iterations, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
