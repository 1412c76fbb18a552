using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;
using static Sfu.Core.Tests.Rtp.RtpBuilder;

namespace Sfu.Core.Tests.Rtp;

/// <summary>RFC 3550 §5.1 header layout and the bad-input cases of security.md §1.2 rule 1.</summary>
public class RtpPacketViewTests
{
    [Fact]
    public void FixedHeaderFieldsAndCsrcsAreRead()
    {
        var packet = Build([9, 8, 7], pt: 111, seq: 65535, ts: 0xFFFFFFFF, ssrc: 0xDEADBEEF, marker: true, csrcs: [1, 0xFFFFFFFF]);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out var reason), reason.ToString());
        Assert.Equal(111, v.PayloadType);
        Assert.Equal(65535, v.SequenceNumber);
        Assert.Equal(0xFFFFFFFFu, v.Timestamp);
        Assert.Equal(0xDEADBEEFu, v.Ssrc);
        Assert.True(v.Marker);
        Assert.Equal(2, v.CsrcCount);
        Assert.Equal(1u, v.GetCsrc(0));
        Assert.Equal(0xFFFFFFFFu, v.GetCsrc(1));
        Assert.Equal(20, v.HeaderLength);
        Assert.Equal([9, 8, 7], v.Payload.ToArray());
        Assert.False(v.HasExtension);
        Assert.False(v.TryGetExtension(1, out _));
    }

    [Fact]
    public void PayloadTypeSetterKeepsTheMarkerAndMarkerSetterKeepsThePayloadType()
    {
        var packet = Build([1], pt: 96, marker: true);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        v.PayloadType = 0x7F;
        Assert.True(v.Marker);
        v.Marker = false;
        Assert.Equal(0x7F, v.PayloadType);
        v.PayloadType = 0xFF; // only 7 bits are kept
        Assert.False(v.Marker);
    }

    [Fact]
    public void PaddingIsExcludedFromThePayload()
    {
        var packet = Build([1, 2, 3], padding: 4);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.Equal(4, v.PaddingLength);
        Assert.Equal([1, 2, 3], v.Payload.ToArray());
        Assert.False(v.IsPaddingOnly);
    }

    [Fact]
    public void PaddingOnlyPacketIsRecognised()
    {
        var packet = Build([], padding: 255);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.True(v.IsPaddingOnly);
        Assert.Equal(0, v.PayloadLength);
    }

    [Fact]
    public void PaddingLongerThanThePayloadIsMalformed()
    {
        var packet = Build([1, 2, 3], padding: 4);
        packet[^1] = 8;
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void PaddingCountZeroIsMalformed()
    {
        var packet = Build([1, 2, 3], padding: 1);
        packet[^1] = 0;
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void XBitWithNoExtensionBlockIsTruncated()
    {
        var packet = Build([]);
        packet[0] |= 0x10;
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void ExtensionLengthPastTheEndIsTruncated()
    {
        var packet = Build([1, 2], profile: RtpPacketView.OneByteProfile, extension: RtpBuilder.One(1, 5));
        packet[15] = 50;
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void CsrcCountPastTheEndIsTruncated()
    {
        var packet = Build([1, 2, 3, 4]);
        packet[0] |= 0x0F;
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void WrongVersionIsRejected(int version)
    {
        var packet = Build([1]);
        packet[0] = (byte)((packet[0] & 0x3F) | (version << 6));
        Assert.False(RtpPacketView.TryParse(packet, out _, out var reason));
        Assert.Equal(PacketDropReason.BadVersion, reason);
    }

    [Fact]
    public void ShorterThanTheFixedHeaderIsTooShort()
    {
        var packet = Build([]);
        Assert.False(RtpPacketView.TryParse(packet.AsSpan(0, 11), out _, out var reason));
        Assert.Equal(PacketDropReason.TooShort, reason);
        Assert.True(RtpPacketView.TryParse(packet, out var v, out _));
        Assert.Equal(0, v.PayloadLength);
    }
}
