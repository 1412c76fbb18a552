using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using static Sfu.Core.Tests.Rtp.RtpBuilder;

namespace Sfu.Core.Tests.Rtp;

/// <summary>RFC 8285 one-byte and two-byte header extension layouts, including the reserved ids and padding.</summary>
public class Rfc8285ExtensionTests
{
    private static readonly byte[] s_payload = [1, 2, 3, 4, 5];

    [Fact]
    public void OneByteElementsWithPaddingBetweenThemAreAllFound()
    {
        byte[] ext = [.. One(1, 0xAA), 0, 0, .. One(2, 1, 2, 3), 0, .. One(14, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray())];
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: ext);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.TryGetExtension(1, out var a));
        Assert.Equal([0xAA], a.ToArray());
        Assert.True(v.TryGetExtension(2, out var b));
        Assert.Equal([1, 2, 3], b.ToArray());
        Assert.True(v.TryGetExtension(14, out var c));
        Assert.Equal(16, c.Length);
        Assert.False(v.TryGetExtension(3, out _));
        Assert.Equal(s_payload, v.Payload.ToArray());
    }

    [Fact]
    public void Id15StopsProcessingAndLaterElementsAreIgnored()
    {
        byte[] ext = [.. One(1, 0xAA), 0xF3, .. One(2, 0xBB)];
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: ext);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.TryGetExtension(1, out _));
        Assert.False(v.TryGetExtension(2, out _));
        Assert.False(v.TryGetExtension(15, out _));
        var n = 0;
        foreach (var e in v.GetExtensions()) n++;
        Assert.Equal(1, n);
    }

    [Fact]
    public void NonZeroByteWithId0StopsProcessingInsteadOfGuessingALength()
    {
        byte[] ext = [.. One(1, 0xAA), 0x05, .. One(2, 0xBB)];
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: ext);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.TryGetExtension(1, out _));
        Assert.False(v.TryGetExtension(2, out _));
    }

    [Fact]
    public void OneByteElementRunningPastTheBlockIsMalformed()
    {
        byte[] ext = [.. One(1, 0xAA), 0x2F, 1, 2]; // id 2 claims 16 bytes, 2 left in the padded block
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: ext);
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void TwoByteFormCarriesIdsAbove14ZeroLengthAndLongValues()
    {
        var big = Enumerable.Range(0, 255).Select(i => (byte)i).ToArray();
        byte[] ext = [.. Two(16, 7), 0, .. Two(200), .. Two(255, big), .. Two(1, 9, 9)];
        var packet = Build(s_payload, profile: (ushort)(RtpPacketView.TwoByteProfile | 0x5), extension: ext);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.HasTwoByteExtensions);
        Assert.True(v.TryGetExtension(16, out var a));
        Assert.Equal([7], a.ToArray());
        Assert.True(v.TryGetExtension(200, out var empty));
        Assert.Equal(0, empty.Length);
        Assert.True(v.TryGetExtension(255, out var c));
        Assert.Equal(big, c.ToArray());
        Assert.True(v.TryGetExtension(1, out var d));
        Assert.Equal([9, 9], d.ToArray());
        Assert.Equal(s_payload, v.Payload.ToArray());
    }

    [Fact]
    public void TwoByteElementRunningPastTheBlockIsMalformed()
    {
        byte[] ext = [.. Two(16, 7), 20, 9, 1, 2];
        var packet = Build(s_payload, profile: RtpPacketView.TwoByteProfile, extension: ext);
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void OtherProfilesAreKeptOpaque()
    {
        var packet = Build(s_payload, profile: 0xABCD, extension: [0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.HasExtension);
        Assert.False(v.HasRfc8285Extensions);
        Assert.False(v.TryGetExtension(15, out _));
        Assert.Equal(4, v.ExtensionData.Length);
        Assert.Equal(s_payload, v.Payload.ToArray());
    }

    [Fact]
    public void ExtensionIdRewriteRespectsTheFormLimits()
    {
        var one = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: [.. One(3, 1, 2)]);
        Assert.True(RtpPacketView.TryParse(one, out var v, out _));
        Assert.False(v.TryRewriteExtensionId(3, 15));
        Assert.False(v.TryRewriteExtensionId(3, 0));
        Assert.True(v.TryRewriteExtensionId(3, 9));
        Assert.True(v.TryGetExtension(9, out var value));
        Assert.Equal([1, 2], value.ToArray());

        var two = Build(s_payload, profile: RtpPacketView.TwoByteProfile, extension: [.. Two(3, 1, 2)]);
        Assert.True(RtpPacketView.TryParse(two, out var w, out _));
        Assert.True(w.TryRewriteExtensionId(3, 77));
        Assert.True(w.TryGetExtension(77, out _));
    }

    [Fact]
    public void SettingAValueRequiresTheSameLength()
    {
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: [.. One(5, 0, 1)]);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.TrySetExtension(5, [0xBE, 0xEF]));
        Assert.False(v.TrySetExtension(5, [1, 2, 3]));
        Assert.False(v.TrySetExtension(6, [1, 2]));
        Assert.True(v.TryGetExtension(5, out var value));
        Assert.Equal([0xBE, 0xEF], value.ToArray());
    }

    [Fact]
    public void RemovingTheLastExtensionDropsTheBlockAndTheXBit()
    {
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: [.. One(5, 0, 1)], padding: 3);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.RemoveExtension(5));
        Assert.False(v.HasExtension);
        Assert.Equal(12, v.HeaderLength);
        Assert.Equal(12 + s_payload.Length + 3, v.Length);
        Assert.True(RtpPacketView.TryParse(v.Packet, out var again, out _));
        Assert.False(again.HasExtension);
        Assert.Equal(s_payload, again.Payload.ToArray());
        Assert.Equal(3, again.PaddingLength);
        Assert.False(v.RemoveExtension(5));
    }

    [Fact]
    public void RemovingFromATwoByteBlockShrinksItToWholeWords()
    {
        byte[] ext = [.. Two(20, 1, 2, 3, 4, 5, 6), .. Two(21, 7)];
        var packet = Build(s_payload, profile: RtpPacketView.TwoByteProfile, extension: ext);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        var before = v.Length;
        Assert.True(v.RemoveExtension(20));
        Assert.Equal(before - 8, v.Length);
        Assert.True(RtpPacketView.TryParse(v.Packet, out var again, out _));
        Assert.True(again.TryGetExtension(21, out var value));
        Assert.Equal([7], value.ToArray());
        Assert.Equal(4, again.ExtensionData.Length);
    }
}
