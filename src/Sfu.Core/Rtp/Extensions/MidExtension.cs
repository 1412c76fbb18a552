namespace Sfu.Core.Rtp.Extensions;

/// <summary>Reads and writes the MID (urn header extension: ietf:params:rtp-hdrext:sdes:mid), RFC 8843 §15.2:the media section a packet belongs to.</summary>
/// <remarks>MID (urn. The value is ASCII text; see <see cref="SdesTextValue"/> for the NUL-padding rule.</remarks>
public static class MidExtension
{
    /// <summary>The text of the value (trailing NULs trimmed); false when empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> text) => SdesTextValue.TryRead(value, out text);

    /// <summary>Writes the value; returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> text, Span<byte> destination) => SdesTextValue.Write(text, destination);
}
