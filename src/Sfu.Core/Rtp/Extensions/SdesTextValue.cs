namespace Sfu.Core.Rtp.Extensions;

/// <summary>Shared rules for the SDES-item header extensions (MID, RID, repaired RID).</summary>
/// <remarks>
/// RFC 8843 §15.2 and RFC 8852 §3: the value is the SDES item text, 1-255 bytes (1-16 in the one-byte
/// form), not NUL-terminated. Some stacks still pad it with NULs to a word boundary, so trailing NULs are
/// trimmed on read.
/// </remarks>
internal static class SdesTextValue
{
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> text)
    {
        var trimmed = value.TrimEnd((byte)0);
        text = trimmed;
        return trimmed.Length > 0;
    }

    public static int Write(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        if (text.IsEmpty || text.Length > byte.MaxValue) throw new ArgumentException("An SDES item value is 1-255 bytes.", nameof(text));
        text.CopyTo(destination);
        return text.Length;
    }
}
