using Sfu.Core.Rtp;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtp;

/// <summary>RFC 5761 §4 RTP/RTCP demultiplexing on one port.</summary>
public class RtpRtcpDemuxTests
{
    [Theory]
    [InlineData(35, false)]
    [InlineData(35, true)]
    [InlineData(63, true)]
    [InlineData(96, true)]
    [InlineData(127, true)]
    [InlineData(0, false)]
    [InlineData(111, false)]
    public void RtpPayloadTypesOutsideTheRtcpRangeAreRtpWithOrWithoutMarker(int pt, bool marker)
    {
        var packet = RtpBuilder.Build([1], pt: (byte)pt, marker: marker);
        Assert.True(RtpRtcpDemux.IsRtp(packet));
        Assert.False(RtpRtcpDemux.IsRtcp(packet));
    }

    [Theory]
    [InlineData(192)]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(205)]
    [InlineData(206)]
    [InlineData(207)]
    [InlineData(223)]
    public void RtcpPacketTypesAreRtcp(int type)
    {
        byte[] packet = [0x80, (byte)type, 0, 1, 0, 0, 0, 1];
        Assert.True(RtpRtcpDemux.IsRtcp(packet));
        Assert.False(RtpRtcpDemux.IsRtp(packet));
    }

    [Fact]
    public void EveryCapturedSrtcpCompoundIsRtcp()
    {
        foreach (var c in Capture.All)
            foreach (var p in c.Array("srtcp_packets"))
                Assert.True(RtpRtcpDemux.IsRtcp(Convert.FromHexString(p.GetProperty("hex").GetString()!)));
    }

    [Fact]
    public void ShortOrWrongVersionIsNeither()
    {
        Assert.False(RtpRtcpDemux.IsRtcp([0x80]));
        Assert.False(RtpRtcpDemux.IsRtcp([0x40, 200]));
        Assert.False(RtpRtcpDemux.IsRtp([0x80, 96, 0, 1]));
    }
}
