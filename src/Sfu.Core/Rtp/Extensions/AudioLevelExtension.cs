namespace Sfu.Core.Rtp.Extensions;

/// <summary>The client-to-mixer audio level header extension: a voice-activity flag and the level in -dBov.</summary>
/// <remarks>
/// RFC 6464 §3: one byte, V (1 bit) then the level as a positive 7-bit number of -dBov (0 loudest, 127
/// silence). In the one-byte form the element length is 1; some senders pad to 4 bytes, so longer values
/// are read from their first byte.
/// </remarks>
public static class AudioLevelExtension
{
    /// <summary>The value length.</summary>
    public const int Length = 1;

    /// <summary>Reads the voice flag and the level (0-127, meaning 0 to -127 dBov).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        voiceActivity = false;
        level = 0;
        if (value.IsEmpty) return false;
        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    /// <summary>Writes the voice flag and level (clamped to 127).</summary>
    public static void Write(bool voiceActivity, byte level, Span<byte> destination) =>
        destination[0] = (byte)((voiceActivity ? 0x80 : 0) | Math.Min(level, (byte)127));
}
