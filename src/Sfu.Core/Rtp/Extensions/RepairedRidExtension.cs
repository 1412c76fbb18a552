namespace Sfu.Core.Rtp.Extensions;

/// <summary>Reads and writes the RepairedRtpStreamId (urn header extension: ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id), RFC 8852 §3.2:the simulcast layer an RTX packet repairs.</summary>
/// <remarks>RepairedRtpStreamId (urn. The value is ASCII text; see <see cref="SdesTextValue"/> for the NUL-padding rule.</remarks>
public static class RepairedRidExtension
{
    /// <summary>The text of the value (trailing NULs trimmed); false when empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> text) => SdesTextValue.TryRead(value, out text);

    /// <summary>Writes the value; returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> text, Span<byte> destination) => SdesTextValue.Write(text, destination);
}
