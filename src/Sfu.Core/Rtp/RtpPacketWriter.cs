using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>Writes a new RTP packet (fixed header, payload, optional padding) into a caller-owned buffer.</summary>
/// <remarks>
/// RFC 3550 §5.1. For packets the SFU originates, such as padding-only bandwidth probes; forwarded packets
/// are copied and rewritten through <see cref="RtpPacketView"/> instead. Header extensions are added
/// afterwards with <see cref="RtpPacketView.TryAddExtension"/>. Padding bytes are zero except the last,
/// which holds the count (1-255), as §5.1 requires.
/// </remarks>
public static class RtpPacketWriter
{
    /// <summary>Bytes needed for a packet with this payload and padding (no CSRCs, no extensions).</summary>
    public static int GetLength(int payloadLength, int paddingLength) => RtpPacketView.FixedHeaderLength + payloadLength + paddingLength;

    /// <summary>Writes the packet; returns its length.</summary>
    /// <exception cref="ArgumentException">The buffer is too small, or the padding is outside 0-255.</exception>
    public static int Write(Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker,
        ReadOnlySpan<byte> payload, int paddingLength = 0)
    {
        if (paddingLength is < 0 or > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(paddingLength));
        var length = GetLength(payload.Length, paddingLength);
        if (destination.Length < length) throw new ArgumentException("The destination is too small for the RTP packet.", nameof(destination));
        destination[0] = (byte)((RtpPacketView.Version2 << 6) | (paddingLength > 0 ? 0x20 : 0));
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        payload.CopyTo(destination[RtpPacketView.FixedHeaderLength..]);
        if (paddingLength > 0)
        {
            var padding = destination.Slice(RtpPacketView.FixedHeaderLength + payload.Length, paddingLength);
            padding.Clear();
            padding[^1] = (byte)paddingLength;
        }
        return length;
    }
}
