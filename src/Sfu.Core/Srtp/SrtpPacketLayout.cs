using System.Buffers.Binary;

namespace Sfu.Core.Srtp;

/// <summary>
/// The little SRTP needs to know about RTP and RTCP headers: where the RTP header ends (the AAD / the start of
/// the encrypted payload) and the RTCP sender SSRC.
/// </summary>
/// <remarks>
/// RFC 3550 section 5.1 (12 bytes + 4 per CSRC) and section 5.3.1 (extension: 4-byte header whose second
/// 16-bit word counts 32-bit words). It stays apart from <c>RtpPacketView</c> on purpose: before decryption the
/// payload and its padding count are ciphertext, which the view would parse (and refuse); SRTP needs only the
/// header length, and must not walk the extension elements of a packet not yet authenticated.
/// </remarks>
internal static class SrtpPacketLayout
{
    public const int RtpFixedHeaderLength = 12;
    public const int RtcpHeaderLength = 8;
    private const int SequenceOffset = 2;
    private const int RtpSsrcOffset = 8;
    private const int RtcpSsrcOffset = 4;
    private const int ExtensionHeaderLength = 4;
    private const int ExtensionLengthOffset = 2;
    private const int Version = 2;

    /// <summary>Length of the RTP header of <paramref name="packet"/>, or the reason it has none.</summary>
    public static SrtpError TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength) return SrtpError.TooShort;
        var first = packet[0];
        if (first >> 6 != Version) return SrtpError.BadVersion;
        var length = RtpFixedHeaderLength + (4 * (first & 0x0F));
        if ((first & 0x10) != 0)
        {
            if (length + ExtensionHeaderLength > packet.Length) return SrtpError.Malformed;
            length += ExtensionHeaderLength + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + ExtensionLengthOffset)..]));
        }
        if (length > packet.Length) return SrtpError.Malformed;
        headerLength = length;
        return SrtpError.None;
    }

    public static ushort RtpSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[SequenceOffset..]);

    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[RtpSsrcOffset..]);

    public static uint RtcpSenderSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[RtcpSsrcOffset..]);

    public static bool IsVersion2(byte first) => first >> 6 == Version;
}
