using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Sfu.Core.Buffers;

/// <summary>
/// Software prefetch hints for the fan-out loop. Forwarding one packet to 1000 subscribers walks about a
/// megabyte of per-subscriber state (down-track, sequence rewriter, history, SRTP context), which no longer
/// fits the core's L2 cache, so every subscriber starts with a dozen cache misses in a row. Asking for the next
/// subscribers' lines while the current one is being encrypted overlaps those misses with useful work
/// (docs/performance.md, "Forwarding fan-out").
/// </summary>
/// <remarks>
/// A prefetch is only a hint: it never faults, never blocks and changes no result, so an address that is stale
/// by the time the line arrives (the GC moved the object) costs nothing but the wasted fetch. Without SSE (Arm,
/// or the portable fallback) every method is a no-op and the loop runs exactly as before.
/// </remarks>
public static unsafe class CachePrefetch
{
    private const int LineSize = 64;

    /// <summary>The first <paramref name="bytes"/> of <paramref name="obj"/> (header and fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Object(object? obj, int bytes)
    {
        if (!Sse.IsSupported || obj is null) return;
        // The reference itself is the object's address; reading it does not touch the object (no miss).
        var p = (byte*)Unsafe.As<object, nint>(ref obj);
        for (var offset = 0; offset < bytes; offset += LineSize) Sse.Prefetch0(p + offset);
    }

    /// <summary>The line(s) holding <c>array[index]</c> (the caller keeps <paramref name="index"/> in range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Element<T>(T[]? array, int index)
        where T : struct
    {
        if (!Sse.IsSupported || array is null) return;
        ref var first = ref MemoryMarshal.GetArrayDataReference(array);
        var p = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref first, index));
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + Unsafe.SizeOf<T>() - 1); // an element may straddle two lines
    }
}
