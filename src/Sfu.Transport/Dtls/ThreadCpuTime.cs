using System.Runtime.InteropServices;

namespace Sfu.Transport.Dtls;

/// <summary>
/// CPU time consumed by the calling thread, to report what a handshake costs the server (waiting for the
/// peer is not CPU). Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID); elsewhere it reports zero.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3; // Linux <time.h>

    /// <summary>CPU time of the current thread, or <see cref="TimeSpan.Zero"/> when the platform cannot say.</summary>
    public static TimeSpan Current()
    {
        if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
        return ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0
            ? TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100))
            : TimeSpan.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);
}
