namespace Sfu.Core.Rtp.Extensions;

/// <summary>The playout-delay header extension: minimum and maximum playout delay, 12 bits each, in 10 ms units.</summary>
/// <remarks>http://www.webrtc.org/experiments/rtp-hdrext/playout-delay: 3 bytes, MIN (12 bits) then MAX (12 bits).</remarks>
public static class PlayoutDelayExtension
{
    /// <summary>The value length.</summary>
    public const int Length = 3;

    /// <summary>Milliseconds per unit.</summary>
    public const int UnitMilliseconds = 10;

    /// <summary>Reads the delays in 10 ms units (0-4095).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort minimum, out ushort maximum)
    {
        minimum = 0;
        maximum = 0;
        if (value.Length != Length) return false;
        minimum = (ushort)((value[0] << 4) | (value[1] >> 4));
        maximum = (ushort)(((value[1] & 0x0F) << 8) | value[2]);
        return true;
    }

    /// <summary>Writes the delays in 10 ms units (each 0-4095).</summary>
    public static void Write(ushort minimum, ushort maximum, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, (ushort)0xFFF);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximum, (ushort)0xFFF);
        destination[0] = (byte)(minimum >> 4);
        destination[1] = (byte)((minimum << 4) | (maximum >> 8));
        destination[2] = (byte)maximum;
    }
}
