using System.Buffers.Binary;
using System.Numerics;

namespace Sfu.Core.Sctp;

/// <summary>
/// CRC32c (Castagnoli), the SCTP checksum (RFC 9260 appendix A/B). <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses the SSE4.2/ARMv8 instruction when present and a table otherwise, 8 bytes per step.
/// </summary>
public static class Crc32c
{
    /// <summary>The CRC32c of <paramref name="data"/> (initial value all ones, final complement, as RFC 9260 B).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    /// <summary>Continues a running (not yet complemented) CRC over <paramref name="data"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
