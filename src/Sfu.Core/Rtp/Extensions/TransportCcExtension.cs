using System.Buffers.Binary;

namespace Sfu.Core.Rtp.Extensions;

/// <summary>The transport-wide congestion control header extension: a 16-bit transport-wide sequence number.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: one counter per transport, shared by all SSRCs.</remarks>
public static class TransportCcExtension
{
    /// <summary>The value length.</summary>
    public const int Length = 2;

    /// <summary>Reads the transport-wide sequence number.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (value.Length != Length) return false;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>Writes the transport-wide sequence number (in place on a forwarded packet).</summary>
    public static void Write(ushort sequenceNumber, Span<byte> destination) => BinaryPrimitives.WriteUInt16BigEndian(destination, sequenceNumber);
}
