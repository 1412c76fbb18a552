using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>The 4-byte header every RTCP packet starts with, and the checks shared by every packet type.</summary>
/// <remarks>
/// RFC 3550 §6.4.1:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The length is in 32-bit words minus one, so a packet is always a whole number of words. With the P bit
/// the last byte counts the padding (itself included).
/// </remarks>
public static class RtcpHeader
{
    /// <summary>Header size.</summary>
    public const int Length = 4;
    /// <summary>The only RTCP version.</summary>
    public const int Version2 = 2;

    private const byte PaddingBit = 0x20;
    private const byte CountMask = 0x1F;

    /// <summary>The 5-bit report count or feedback format.</summary>
    public static int GetCount(ReadOnlySpan<byte> packet) => packet[0] & CountMask;

    /// <summary>The packet type byte.</summary>
    public static RtcpPacketType GetPacketType(ReadOnlySpan<byte> packet) => (RtcpPacketType)packet[1];

    /// <summary>True when the P bit is set.</summary>
    public static bool HasPadding(ReadOnlySpan<byte> packet) => (packet[0] & PaddingBit) != 0;

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/> and the length of the packet it declares;
    /// false when the version is wrong or the length runs past the data.
    /// </summary>
    public static bool TryReadPacketLength(ReadOnlySpan<byte> data, out int packetLength, out PacketDropReason reason)
    {
        packetLength = 0;
        if (data.Length < Length)
        {
            reason = PacketDropReason.TooShort;
            return false;
        }
        if (data[0] >> 6 != Version2)
        {
            reason = PacketDropReason.BadVersion;
            return false;
        }
        var length = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (length > data.Length)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        packetLength = length;
        reason = PacketDropReason.None;
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="packet"/> is exactly one packet of <paramref name="type"/> (header length
    /// matches the span) and returns its body: the bytes after the header, without padding.
    /// </summary>
    public static bool TryGetBody(ReadOnlySpan<byte> packet, RtcpPacketType type, out ReadOnlySpan<byte> body, out PacketDropReason reason)
    {
        body = default;
        if (!TryReadPacketLength(packet, out var length, out reason)) return false;
        if (length != packet.Length || GetPacketType(packet) != type)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        var end = packet.Length;
        if (HasPadding(packet))
        {
            int padding = packet[^1];
            if (padding == 0 || padding > packet.Length - Length)
            {
                reason = PacketDropReason.Malformed;
                return false;
            }
            end -= padding;
        }
        body = packet[Length..end];
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength, bool padding = false)
    {
        if ((packetLength & 3) != 0 || packetLength < Length) throw new ArgumentException("An RTCP packet is a whole number of 32-bit words.", nameof(packetLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, CountMask);
        destination[0] = (byte)((Version2 << 6) | (padding ? PaddingBit : 0) | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetLength / 4 - 1));
    }

    /// <summary>Throws when <paramref name="destination"/> cannot hold <paramref name="length"/> bytes (a caller bug, not bad input).</summary>
    internal static void EnsureRoom(Span<byte> destination, int length)
    {
        if (destination.Length < length) throw new ArgumentException("The destination is too small for the RTCP packet.", nameof(destination));
    }
}
