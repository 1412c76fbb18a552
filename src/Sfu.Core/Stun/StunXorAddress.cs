using System.Buffers.Binary;

namespace Sfu.Core.Stun;

/// <summary>Encodes and decodes the XOR-MAPPED-ADDRESS value for IPv4 and IPv6.</summary>
/// <remarks>
/// RFC 8489 §14.2:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The port is XORed with the cookie's top 16 bits, an IPv4 address with the cookie, and an IPv6 address
/// with the cookie followed by the 96-bit transaction id.
/// </remarks>
public static class StunXorAddress
{
    /// <summary>Value length for IPv4: reserved, family, port, 4 address bytes.</summary>
    public const int IPv4ValueLength = 8;
    /// <summary>Value length for IPv6: reserved, family, port, 16 address bytes.</summary>
    public const int IPv6ValueLength = 20;

    private const int FamilyOffset = 1;
    private const int PortOffset = 2;
    private const int AddressOffset = 4;

    /// <summary>
    /// Decodes an XOR-MAPPED-ADDRESS value into <paramref name="address"/> (at least 16 bytes); false when the
    /// family is unknown or the length does not match it.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address,
        out StunAddressFamily family, out int addressLength, out ushort port)
    {
        family = StunAddressFamily.None;
        addressLength = 0;
        port = 0;
        if (value.Length < AddressOffset || transactionId.Length != StunMessageReader.TransactionIdLength) return false;
        var f = (StunAddressFamily)value[FamilyOffset];
        var length = f switch
        {
            StunAddressFamily.IPv4 => 4,
            StunAddressFamily.IPv6 => 16,
            _ => -1,
        };
        if (length < 0 || value.Length != AddressOffset + length || address.Length < length) return false;

        Span<byte> mask = stackalloc byte[16];
        WriteMask(mask, transactionId);
        for (var i = 0; i < length; i++)
            address[i] = (byte)(value[AddressOffset + i] ^ mask[i]);
        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[PortOffset..]) ^ (StunMessageReader.MagicCookie >> 16));
        family = f;
        addressLength = length;
        return true;
    }

    /// <summary>Writes the value for a 4- or 16-byte address; returns the value length (8 or 20).</summary>
    /// <exception cref="ArgumentException">The address is not 4 or 16 bytes, or <paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId, Span<byte> destination)
    {
        var family = address.Length switch
        {
            4 => StunAddressFamily.IPv4,
            16 => StunAddressFamily.IPv6,
            _ => throw new ArgumentException("An address is 4 (IPv4) or 16 (IPv6) bytes.", nameof(address)),
        };
        var length = AddressOffset + address.Length;
        if (destination.Length < length) throw new ArgumentException("Destination too small.", nameof(destination));
        if (transactionId.Length != StunMessageReader.TransactionIdLength) throw new ArgumentException("A transaction id is 12 bytes.", nameof(transactionId));

        destination[0] = 0;
        destination[FamilyOffset] = (byte)family;
        BinaryPrimitives.WriteUInt16BigEndian(destination[PortOffset..], (ushort)(port ^ (StunMessageReader.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        WriteMask(mask, transactionId);
        for (var i = 0; i < address.Length; i++)
            destination[AddressOffset + i] = (byte)(address[i] ^ mask[i]);
        return length;
    }

    private static void WriteMask(Span<byte> mask, ReadOnlySpan<byte> transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessageReader.MagicCookie);
        transactionId.CopyTo(mask[4..]);
    }
}
