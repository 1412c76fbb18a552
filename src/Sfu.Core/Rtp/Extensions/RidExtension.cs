namespace Sfu.Core.Rtp.Extensions;

/// <summary>Reads and writes the RtpStreamId (urn header extension: ietf:params:rtp-hdrext:sdes:rtp-stream-id), RFC 8852 §3.1:the simulcast layer (a=rid) of a media packet.</summary>
/// <remarks>RtpStreamId (urn. The value is ASCII text; see <see cref="SdesTextValue"/> for the NUL-padding rule.</remarks>
public static class RidExtension
{
    /// <summary>The text of the value (trailing NULs trimmed); false when empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> text) => SdesTextValue.TryRead(value, out text);

    /// <summary>Writes the value; returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> text, Span<byte> destination) => SdesTextValue.Write(text, destination);
}
