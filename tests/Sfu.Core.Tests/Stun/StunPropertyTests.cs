using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Stun;

/// <summary>Hostile input: random bytes and mutated real requests never make the STUN reader throw or read out of range.</summary>
public class StunPropertyTests
{
    private static readonly byte[][] s_seeds = Capture.All
        .SelectMany(c => c.Array("stun_binding_requests").Select(r => Convert.FromHexString(r.GetProperty("hex").GetString()!)))
        .Append(Rfc5769StunTests.SampleRequest)
        .ToArray();

    /// <summary>Every accessor, run on anything that parsed; reaching the end without an exception is the property.</summary>
    internal static void Exercise(byte[] bytes)
    {
        if (!StunMessageReader.TryParse(bytes, out var m, out var reason))
        {
            Assert.NotEqual(PacketDropReason.None, reason);
            return;
        }
        foreach (var a in m.GetAttributes()) _ = a.Value.Length + a.Type;
        _ = m.TryGetUsername(out _);
        _ = m.TryGetPriority(out _);
        _ = m.HasUseCandidate;
        _ = m.TryGetIceControlling(out _);
        _ = m.TryGetIceControlled(out _);
        Span<byte> address = stackalloc byte[16];
        _ = m.TryGetXorMappedAddress(address, out _, out _, out _);
        _ = m.TryGetErrorCode(out _, out _);
        Span<ushort> list = stackalloc ushort[4];
        _ = m.GetUnknownAttributes(list);
        _ = m.GetUnknownComprehensionRequired(list);
        _ = m.ValidateMessageIntegrity("k"u8);
        _ = m.ValidateMessageIntegritySha256("k"u8);
        _ = m.ValidateFingerprint();
    }

    [Fact]
    public void RandomBytesNeverThrow() =>
        Gen.Byte.Array[0, 600].Sample(Exercise, iter: PropertyCases.Count);

    [Fact]
    public void RandomBytesWithAValidHeaderNeverThrow() =>
        Gen.Select(Gen.Byte.Array[0, 200], Gen.UShort, Gen.Bool).Sample((body, type, fixLength) =>
        {
            var bytes = new byte[20 + body.Length];
            bytes[0] = (byte)((type >> 8) & 0x3F);
            bytes[1] = (byte)type;
            var length = fixLength ? body.Length : type;
            bytes[2] = (byte)(length >> 8);
            bytes[3] = (byte)length;
            bytes[4] = 0x21; bytes[5] = 0x12; bytes[6] = 0xA4; bytes[7] = 0x42;
            body.CopyTo(bytes, 20);
            Exercise(bytes);
        }, iter: PropertyCases.Count);

    [Fact]
    public void MutatedChromiumRequestsNeverThrow() =>
        Gen.Select(Gen.Int[0, s_seeds.Length - 1], Gen.Int[0, 3], Gen.Int, Gen.Byte).Sample((seed, kind, position, value) =>
        {
            var original = s_seeds[seed];
            var at = (int)((uint)position % (uint)original.Length);
            var bytes = kind switch
            {
                0 => Flip(original, at, value),
                1 => original[..at],
                2 => original.Concat(Enumerable.Repeat(value, at % 9)).ToArray(),
                _ => SetAttributeLength(original, at, value),
            };
            Exercise(bytes);
        }, iter: PropertyCases.Count);

    private static byte[] Flip(byte[] original, int at, byte value)
    {
        var copy = (byte[])original.Clone();
        copy[at] ^= value == 0 ? (byte)1 : value;
        return copy;
    }

    // Rewrites the length of the attribute that starts at or after `at` (zero, odd, or past the end).
    private static byte[] SetAttributeLength(byte[] original, int at, byte value)
    {
        var copy = (byte[])original.Clone();
        var offset = 20;
        while (offset + 4 <= copy.Length)
        {
            int len = (copy[offset + 2] << 8) | copy[offset + 3];
            if (offset >= at)
            {
                var newLength = (value % 3) switch { 0 => 0, 1 => len | 1, _ => len + value };
                copy[offset + 2] = (byte)(newLength >> 8);
                copy[offset + 3] = (byte)newLength;
                break;
            }
            offset += 4 + ((len + 3) & ~3);
        }
        return copy;
    }
}
