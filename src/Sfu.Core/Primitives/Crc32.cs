namespace Sfu.Core.Primitives;

/// <summary>CRC-32 (ISO-HDLC, polynomial 0x04C11DB7 reflected as 0xEDB88320), table driven, allocation free.</summary>
/// <remarks>
/// This is the CRC that RFC 8489 §14.7 (FINGERPRINT) names by reference to ITU V.42 / ISO 3309. It is kept
/// here rather than taken from System.IO.Hashing so that Sfu.Core depends on no extra package. The state is
/// passed in and out so a caller can hash a patched header and the rest of a message without copying it.
/// </remarks>
public static class Crc32
{
    /// <summary>The value to start a running CRC with.</summary>
    public const uint InitialState = 0xFFFFFFFF;

    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>Feeds <paramref name="data"/> into a running CRC state (begin with <see cref="InitialState"/>).</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var table = s_table;
        foreach (var b in data)
            state = table[(byte)(state ^ b)] ^ (state >> 8);
        return state;
    }

    /// <summary>Turns a running state into the CRC value (final inversion).</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(InitialState, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
