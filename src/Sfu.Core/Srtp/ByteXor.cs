using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sfu.Core.Srtp;

/// <summary>XOR of a keystream into data, a vector at a time.</summary>
internal static class ByteXor
{
    public static void Apply(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var n = data.Length;
        if (keystream.Length < n) throw new ArgumentException("keystream shorter than data", nameof(keystream));
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= n; i += 32)
                (Vector256.LoadUnsafe(ref d, (nuint)i) ^ Vector256.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i + 16 <= n; i += 16)
            (Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) data[i] ^= keystream[i];
    }
}
