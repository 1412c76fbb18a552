using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>The sender information section of an SR (20 bytes).</summary>
/// <remarks>RFC 3550 §6.4.1: NTP timestamp (64 bits, 32.32), RTP timestamp, sender's packet count and octet count.</remarks>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>Section size.</summary>
    public const int Length = 20;

    /// <summary>The middle 32 bits of the NTP timestamp, which receivers echo as LSR (RFC 3550 §6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    /// <summary>Reads the section from the first 20 bytes of <paramref name="source"/>.</summary>
    public static RtcpSenderInfo Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[16..]));

    /// <summary>Writes the section.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
    }
}
