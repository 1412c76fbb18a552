namespace Sfu.Core.Primitives;

/// <summary>Wrap-aware comparison of 16-bit RTP sequence numbers and 32-bit RTP timestamps.</summary>
/// <remarks>
/// RFC 3550 §A.1 and RFC 1982 (serial number arithmetic): <c>a</c> is newer than <c>b</c> when the forward
/// distance from <c>b</c> to <c>a</c> is less than half the number space. Exactly half is ambiguous; it is
/// treated as "not newer" in both directions so the relation stays antisymmetric.
/// </remarks>
public static class SeqNum
{
    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> (16-bit, wrap-aware).</summary>
    public static bool IsNewer(ushort a, ushort b)
    {
        var d = (ushort)(a - b);
        return d != 0 && d < 0x8000;
    }

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> (32-bit, wrap-aware).</summary>
    public static bool IsNewer(uint a, uint b)
    {
        var d = a - b;
        return d != 0 && d < 0x8000_0000u;
    }

    /// <summary>Signed forward distance from <paramref name="from"/> to <paramref name="to"/>, in [-32768, 32767].</summary>
    public static int Diff(ushort to, ushort from) => (short)(ushort)(to - from);

    /// <summary>Signed forward distance from <paramref name="from"/> to <paramref name="to"/> (32-bit timestamps).</summary>
    public static long Diff(uint to, uint from) => (int)(to - from);

    /// <summary>The newer of two sequence numbers.</summary>
    public static ushort Latest(ushort a, ushort b) => IsNewer(a, b) ? a : b;
}
