using System.Diagnostics;

namespace Sfu.Transport.Peer;

/// <summary>
/// The microsecond clock the engine rooms run on (monotonic, one origin for the whole process). The shard's
/// millisecond clock is too coarse for transport-wide-cc arrival times: feedback carries 250 µs units
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) and the sender's delay-based estimator reads
/// millisecond steps as jitter, which holds its estimate down.
/// </summary>
public static class MediaClock
{
    private static readonly long s_origin = Stopwatch.GetTimestamp();

    /// <summary>Microseconds since the process's media clock started.</summary>
    public static long NowUs => (long)((Stopwatch.GetTimestamp() - s_origin) * (1_000_000.0 / Stopwatch.Frequency));
}
