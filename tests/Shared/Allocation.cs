namespace Sfu.Tests.Shared;

/// <summary>Allocation assertions: the packet path must allocate nothing in steady state.</summary>
public static class Allocation
{
    private const int WarmUpCalls = 64;
    private const int Rounds = 3;

    /// <summary>
    /// Bytes allocated on this thread while running <paramref name="action"/> <paramref name="iterations"/> times,
    /// after a warm-up: the smallest figure of three rounds.
    /// </summary>
    /// <remarks>
    /// The runtime itself allocates a few hundred bytes now and then on the calling thread (tiered JIT
    /// promotion, a lazily created static in a library path); a single round can catch one of those and
    /// fail a path that allocates nothing per call. A real per-call allocation shows in every round as at
    /// least <paramref name="iterations"/> bytes, so the minimum of three rounds keeps the assertion honest.
    /// </remarks>
    public static long Measure(int iterations, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (var i = 0; i < WarmUpCalls; i++) action();
        var least = long.MaxValue;
        for (var round = 0; round < Rounds && least != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++) action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
