namespace Sfu.Core.Rtp.Extensions;

/// <summary>The abs-send-time header extension: a 24-bit, 6.18 fixed-point send time in seconds (wraps every 64 s).</summary>
/// <remarks>
/// http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time: the value is the middle 24 bits of the
/// 64-bit NTP timestamp (6 bits of seconds, 18 bits of fraction), 3 bytes big-endian.
/// </remarks>
public static class AbsSendTimeExtension
{
    /// <summary>The value length.</summary>
    public const int Length = 3;

    /// <summary>Units per second (2^18).</summary>
    public const int UnitsPerSecond = 1 << 18;

    /// <summary>Reads the 24-bit value.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint sendTime)
    {
        sendTime = 0;
        if (value.Length != Length) return false;
        sendTime = (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
        return true;
    }

    /// <summary>Writes a 24-bit value (higher bits are dropped).</summary>
    public static void Write(uint sendTime, Span<byte> destination)
    {
        destination[0] = (byte)(sendTime >> 16);
        destination[1] = (byte)(sendTime >> 8);
        destination[2] = (byte)sendTime;
    }

    /// <summary>The 24-bit value for a 64-bit NTP timestamp (32.32 fixed point).</summary>
    public static uint FromNtp(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 14) & 0x00FF_FFFF;

    /// <summary>The 24-bit value for a time given in microseconds.</summary>
    public static uint FromMicroseconds(long microseconds) => (uint)((microseconds * UnitsPerSecond / 1_000_000) & 0x00FF_FFFF);
}
