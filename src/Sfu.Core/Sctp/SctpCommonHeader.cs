using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// The 12-byte SCTP common header (RFC 9260 section 3.1): source port, destination port, verification tag,
/// checksum. The checksum is CRC32c over the whole packet with the checksum field zero, and is stored in the
/// packet in little-endian byte order (RFC 9260 appendix A: "the CRC32c ... is placed in the checksum field
/// ... as a 32-bit number in network byte order" of the reflected value, which is little-endian on the wire).
/// </summary>
public static class SctpCommonHeader
{
    public const int Length = 12;
    private const int ChecksumOffset = 8;

    public static ushort SourcePort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet);
    public static ushort DestinationPort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
    public static uint VerificationTag(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);

    /// <summary>True when the packet is at least a header and its CRC32c matches.</summary>
    public static bool IsChecksumValid(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < Length) return false;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(packet[ChecksumOffset..]);
        return Checksum(packet) == stored;
    }

    /// <summary>CRC32c of the packet as if its checksum field were zero, without copying it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> packet)
    {
        ReadOnlySpan<byte> zero = [0, 0, 0, 0];
        var crc = Crc32c.Update(0xFFFFFFFFu, packet[..ChecksumOffset]);
        crc = Crc32c.Update(crc, zero);
        return ~Crc32c.Update(crc, packet[Length..]);
    }

    /// <summary>Writes the header (checksum zero); <see cref="Seal"/> fills the checksum once the chunks are written.</summary>
    public static void Write(Span<byte> packet, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], verificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], 0);
    }

    /// <summary>Computes and stores the checksum of a complete packet whose checksum field is zero.</summary>
    public static void Seal(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], Crc32c.Compute(packet));
}
