namespace Sfu.Core.Feedback;

/// <summary>NTP timestamp helpers for sender reports and RTT (RFC 3550 §4, §6.4.1).</summary>
/// <remarks>
/// The engine reads no clock: its time is microseconds on an arbitrary origin, and the room is told the NTP
/// time of that origin (<c>RoomOptions.NtpOriginUs</c>), so every NTP value is computed, never read.
/// </remarks>
public static class NtpTime
{
    /// <summary>Microseconds per second.</summary>
    public const long UsPerSecond = 1_000_000;

    /// <summary>64-bit NTP timestamp (32.32 fixed point seconds) for <paramref name="ntpUs"/> microseconds since 1900.</summary>
    public static ulong FromMicroseconds(long ntpUs)
    {
        var seconds = (ulong)(ntpUs / UsPerSecond);
        var fraction = (ulong)(ntpUs % UsPerSecond) * (1UL << 32) / UsPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>Microseconds since 1900 for a 64-bit NTP timestamp.</summary>
    public static long ToMicroseconds(ulong ntp) => (long)(ntp >> 32) * UsPerSecond + (long)((ntp & 0xFFFF_FFFF) * UsPerSecond >> 32);

    /// <summary>The middle 32 bits (16.16 seconds), the unit of LSR/DLSR (RFC 3550 §6.4.1).</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A 16.16 value from microseconds.</summary>
    public static uint ToCompact(long us) => (uint)(us * 65536 / UsPerSecond);

    /// <summary>Microseconds from a 16.16 value.</summary>
    public static long FromCompact(uint compact) => (long)compact * UsPerSecond / 65536;
}
