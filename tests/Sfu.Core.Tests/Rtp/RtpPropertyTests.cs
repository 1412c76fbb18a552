using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Hostile input: random and mutated packets never make the RTP view, RTX or extension readers throw.</summary>
public class RtpPropertyTests
{
    private static readonly byte[][] s_seeds = CapturedRtp.All().Select(p => p.Packet.Bytes).Where((_, i) => i % 7 == 0).ToArray();

    /// <summary>Every read, rewrite and removal on whatever parsed; finishing without an exception is the property.</summary>
    internal static void Exercise(byte[] bytes)
    {
        if (!RtpPacketView.TryParse(bytes, out var v, out var reason))
        {
            Assert.NotEqual(PacketDropReason.None, reason);
            return;
        }
        Assert.True(v.HeaderLength + v.PaddingLength + v.PayloadLength == v.Length);
        var grown = new byte[bytes.Length + 40];
        bytes.CopyTo(grown, 0);
        var payloadBefore = v.Payload.ToArray();
        if (RtpPacketView.TryAddExtension(grown, bytes.Length, 1 + (bytes.Length % 20), [7, 7], out var grownLength))
        {
            Assert.True(RtpPacketView.TryParse(grown.AsSpan(0, grownLength), out var g, out _));
            Assert.True(g.TryGetExtension(1 + (bytes.Length % 20), out var added) && added.Length == 2);
            Assert.True(g.Payload.SequenceEqual(payloadBefore));
        }
        Assert.True(v.PayloadLength >= 0);
        _ = v.Payload.Length + v.ExtensionData.Length + v.ExtensionProfile;
        for (var i = 0; i < v.CsrcCount; i++) _ = v.GetCsrc(i);
        var ids = 0;
        foreach (var e in v.GetExtensions())
        {
            ids++;
            _ = e.Value.Length;
            _ = AbsSendTimeExtension.TryRead(e.Value, out _);
            _ = TransportCcExtension.TryRead(e.Value, out _);
            _ = AudioLevelExtension.TryRead(e.Value, out _, out _);
            _ = PlayoutDelayExtension.TryRead(e.Value, out _, out _);
            _ = MidExtension.TryRead(e.Value, out _);
            _ = VideoLayersAllocationExtension.TryRead(e.Value, out _);
        }
        for (var id = 0; id <= 16; id++)
        {
            if (v.TryGetWritableExtension(id, out var w)) w.Reverse();
            _ = v.TryRewriteExtensionId(id, id + 1);
        }
        v.SequenceNumber++;
        v.Timestamp += 3000;
        v.Ssrc ^= 0xFFFF;
        v.Marker = !v.Marker;
        v.PayloadType = 100;
        _ = Rtx.TryReadOriginalSequenceNumber(v, out _);
        Span<byte> scratch = stackalloc byte[2 * 1600];
        if (Rtx.TryEncapsulate(v, 97, 1, 2, scratch[..1600], out var n))
        {
            Assert.True(RtpPacketView.TryParse(scratch[..n], out var r, out _));
            Assert.True(Rtx.TryDecapsulate(r, 100, v.Ssrc, scratch[1600..], out var m, out _));
            Assert.Equal(v.HeaderLength + v.PayloadLength, m);
            Assert.True(scratch.Slice(1600 + v.HeaderLength, v.PayloadLength).SequenceEqual(v.Payload));
        }
        if (ids > 0)
        {
            var first = 0;
            foreach (var e in v.GetExtensions()) { first = e.Id; break; }
            var before = v.Payload.ToArray();
            Assert.True(v.RemoveExtension(first));
            Assert.True(before.AsSpan().SequenceEqual(v.Payload));
            Assert.True(RtpPacketView.TryParse(v.Packet, out _, out _));
        }
    }

    [Fact]
    public void RandomBytesNeverThrow() =>
        Gen.Byte.Array[0, 1500].Sample(Exercise, iter: PropertyCases.Count);

    [Fact]
    public void RandomPacketsWithVersion2AndRfc8285BlocksNeverThrow() =>
        Gen.Select(Gen.Byte.Array[12, 300], Gen.Int[0, 2], Gen.Byte).Sample((bytes, profile, words) =>
        {
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
            if (bytes.Length >= 16 && (bytes[0] & 0x10) != 0)
            {
                var p = profile switch { 0 => (ushort)0xBEDE, 1 => (ushort)(0x1000 | (words & 0xF)), _ => (ushort)0x1234 };
                var cc = bytes[0] & 0x0F;
                var o = 12 + 4 * cc;
                if (o + 4 <= bytes.Length)
                {
                    bytes[o] = (byte)(p >> 8);
                    bytes[o + 1] = (byte)p;
                    bytes[o + 2] = 0;
                    bytes[o + 3] = (byte)(words % 8);
                }
            }
            Exercise(bytes);
        }, iter: PropertyCases.Count);

    [Fact]
    public void MutatedChromiumPacketsNeverThrow() =>
        Gen.Select(Gen.Int[0, s_seeds.Length - 1], Gen.Int[0, 5], Gen.Int[0, 1499], Gen.Byte).Sample((seed, kind, position, value) =>
        {
            var original = s_seeds[seed];
            var at = position % original.Length;
            var headerAt = position % 28;
            var bytes = (byte[])original.Clone();
            switch (kind)
            {
                case 0: bytes[at] ^= value == 0 ? (byte)1 : value; break;
                case 1: bytes = original[..at]; break;
                case 2: bytes = [.. original, .. new byte[value % 17]]; break;
                case 3: bytes[headerAt] = value; break; // hit header and extension fields hardest
                case 4: bytes[12 + 4 + (position % 12)] = (byte)((value & 0xF0) | 0x0F); break; // long or id-15 elements
                default: bytes[^1] = value; bytes[0] |= 0x20; break; // padding counts
            }
            Exercise(bytes);
        }, iter: PropertyCases.Count);
}
