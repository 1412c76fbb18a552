using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Captures;
using static Sfu.Core.Tests.Rtp.RtpBuilder;

namespace Sfu.Core.Tests.Rtp;

/// <summary>RFC 4588 §4 RTX payload format: encapsulation and decapsulation are inverse, and keep header extensions.</summary>
public class Rfc4588RtxTests
{
    [Fact]
    public void EncapsulateThenDecapsulateRestoresTheOriginal()
    {
        var original = Build([1, 2, 3, 4, 5], pt: 96, seq: 4242, ts: 777, ssrc: 0xAAAA, marker: true,
            profile: RtpPacketView.OneByteProfile, extension: [.. One(4, (byte)'0'), .. One(10, (byte)'h')]);
        Assert.True(RtpPacketView.TryParse(original, out var view, out _));
        var rtx = new byte[1500];
        Assert.True(Rtx.TryEncapsulate(view, 97, 0xBBBB, 9, rtx, out var rtxLength));
        Assert.Equal(original.Length + 2, rtxLength);

        Assert.True(RtpPacketView.TryParse(rtx.AsSpan(0, rtxLength), out var r, out _));
        Assert.Equal(97, r.PayloadType);
        Assert.Equal(0xBBBBu, r.Ssrc);
        Assert.Equal(9, r.SequenceNumber);
        Assert.Equal(777u, r.Timestamp);
        Assert.True(r.Marker);
        Assert.True(Rtx.TryReadOriginalSequenceNumber(r, out var osn));
        Assert.Equal(4242, osn);
        Assert.True(r.TryGetExtension(10, out var rid));
        Assert.Equal((byte)'h', rid[0]);

        var restored = new byte[1500];
        Assert.True(Rtx.TryDecapsulate(r, 96, 0xAAAA, restored, out var restoredLength, out _));
        Assert.Equal(original, restored[..restoredLength]);
    }

    [Fact]
    public void PaddingIsNotCarriedAcross()
    {
        var padded = Build([1, 2, 3], padding: 7);
        Assert.True(RtpPacketView.TryParse(padded, out var view, out _));
        var rtx = new byte[100];
        Assert.True(Rtx.TryEncapsulate(view, 97, 1, 1, rtx, out var n));
        Assert.True(RtpPacketView.TryParse(rtx.AsSpan(0, n), out var r, out _));
        Assert.False(r.HasPadding);
        Assert.Equal([0x03, 0xE8, 1, 2, 3], r.Payload.ToArray());
    }

    [Fact]
    public void PaddingOnlyRtxCannotBeDecapsulated()
    {
        var probe = Build([], pt: 97, padding: 255);
        Assert.True(RtpPacketView.TryParse(probe, out var view, out _));
        Assert.False(Rtx.TryDecapsulate(view, 96, 1, new byte[1500], out _, out var reason));
        Assert.Equal(PacketDropReason.PaddingOnly, reason);

        var oneByte = Build([7], pt: 97);
        Assert.True(RtpPacketView.TryParse(oneByte, out var short1, out _));
        Assert.False(Rtx.TryDecapsulate(short1, 96, 1, new byte[1500], out _, out var reason2));
        Assert.Equal(PacketDropReason.TooShort, reason2);
    }

    [Fact]
    public void TooSmallDestinationsFail()
    {
        var original = Build([1, 2, 3]);
        Assert.True(RtpPacketView.TryParse(original, out var view, out _));
        Assert.False(Rtx.TryEncapsulate(view, 97, 1, 1, new byte[original.Length + 1], out _));
    }

    [Fact]
    public void ChromiumRtxPacketsCarryTheOsnOfAnEarlierMediaPacket()
    {
        // payload_head_hex holds the decrypted payload start, so the OSN is known for each RTX packet.
        foreach (var capture in Capture.All)
        {
            var rtxPt = capture.Root.GetProperty("negotiated_payload_types").EnumerateObject()
                .Where(p => p.Value.GetString()!.StartsWith("rtx/", StringComparison.Ordinal))
                .Select(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            var mediaSeqs = new HashSet<long>();
            var checkedCount = 0;
            foreach (var p in CapturedRtp.Of(capture))
            {
                var pt = (int)p.Long("pt");
                if (!rtxPt.Contains(pt))
                {
                    mediaSeqs.Add(p.Long("seq"));
                    continue;
                }
                if (p.Long("payload_len") == 0) continue;
                var head = Convert.FromHexString(p.Fields.GetProperty("payload_head_hex").GetString()!);
                var plain = (byte[])p.Bytes.Clone();
                head.CopyTo(plain, (int)p.Long("header_len"));
                Assert.True(RtpPacketView.TryParse(plain, out var view, out _));
                Assert.True(Rtx.TryReadOriginalSequenceNumber(view, out var osn));
                Assert.Contains(osn, mediaSeqs);
                checkedCount++;
            }
            Assert.True(checkedCount > 0, capture.Name);
        }
    }
}
