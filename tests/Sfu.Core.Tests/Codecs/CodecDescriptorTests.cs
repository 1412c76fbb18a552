using Sfu.Core.Codecs;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Tests.Codecs;

/// <summary>VP9 (RFC 9628), H.264 (RFC 6184), RED (RFC 2198) and AV1 aggregation header layouts.</summary>
public class CodecDescriptorTests
{
    [Fact]
    public void Vp9NonFlexibleKeyframeWithScalabilityStructure()
    {
        // I P L F B E V Z = 1 0 1 0 1 0 1 0; picture id 0x8123 (M); T=0 U=0 S=0 D=0; TL0PICIDX 9;
        // SS: N_S=2 (3 layers) Y=1 G=1; 3 × (w,h); N_G=1; group: T=0 U=1 R=1, one P_DIFF.
        byte[] payload =
        [
            0xAA, 0x81, 0x23, 0x00, 0x09,
            0x58, 0x01, 0x40, 0x00, 0xB4, 0x02, 0x80, 0x01, 0x68, 0x05, 0x00, 0x02, 0xD0,
            0x01, 0x14, 0x01,
            0xFF,
        ];
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var d, out var reason), reason.ToString());
        Assert.Equal(payload.Length - 1, d.Length);
        Assert.Equal(0x0123, d.PictureId);
        Assert.True(d.IsKeyframe);
        Assert.Equal(3, d.SpatialLayerCount);
        Assert.Equal(9, d.Tl0PicIdx);
        Assert.False(d.IsFlexibleMode);

        // Cut anywhere inside the structure: never read past it.
        for (var cut = 0; cut < payload.Length - 1; cut++)
            Assert.False(Vp9PayloadDescriptor.TryParse(payload.AsSpan(0, cut), out _, out _), "cut at " + cut);
    }

    [Fact]
    public void Vp9FlexibleModeReadsLayersAndReferenceIndices()
    {
        // I P L F B E = 1 1 1 1 0 1; picture id 5; T=2 U=1 S=1 D=1; two P_DIFF (N on the first).
        byte[] payload = [0xF4, 0x05, (2 << 5) | 0x10 | (1 << 1) | 1, 0x03, 0x04, 0xEE];
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out var d, out _));
        Assert.Equal(5, d.Length);
        Assert.Equal(2, d.TemporalId);
        Assert.Equal(1, d.SpatialId);
        Assert.True(d.IsSwitchingUpPoint);
        Assert.True(d.HasInterLayerDependency);
        Assert.True(d.IsEndOfFrame);
        Assert.False(d.IsKeyframe);
        Assert.Equal(-1, d.Tl0PicIdx);

        byte[] fourRefs = [0x50, 0x01, 0x01, 0x01, 0x00];
        Assert.False(Vp9PayloadDescriptor.TryParse(fourRefs, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void H264SingleNalStapAAndFuAKeyframes()
    {
        Assert.True(H264PayloadInfo.TryParse([0x65, 0x88], out var idr, out _));
        Assert.Equal(H264Packetization.SingleNalUnit, idr.Packetization);
        Assert.True(idr.IsKeyframe);
        Assert.True(H264PayloadInfo.TryParse([0x41, 0x9A], out var p, out _));
        Assert.False(p.IsKeyframe);

        byte[] stap = [0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE, 0x00, 0x02, 0x65, 0x88];
        Assert.True(H264PayloadInfo.TryParse(stap, out var s, out _));
        Assert.Equal(H264Packetization.StapA, s.Packetization);
        Assert.True(s.HasSps && s.HasPps && s.HasIdr && s.IsKeyframe);
        Assert.Equal(H264PayloadInfo.Sps, s.NalUnitType);

        Assert.True(H264PayloadInfo.TryParse([0x7C, 0x85, 0xAA], out var fuStart, out _));
        Assert.True(fuStart.IsKeyframe);
        Assert.True(fuStart.IsFragmentStart);
        Assert.True(H264PayloadInfo.TryParse([0x7C, 0x45, 0xAA], out var fuEnd, out _));
        Assert.False(fuEnd.IsKeyframe);
        Assert.True(fuEnd.IsFragmentEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x78, 0x00, 0x05, 0x65 })]
    [InlineData(new byte[] { 0x78, 0x00, 0x01, 0x65, 0x00 })]
    [InlineData(new byte[] { 0x78, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x78 })]
    [InlineData(new byte[] { 0x7C })]
    [InlineData(new byte[] { 0xE5 })]
    [InlineData(new byte[] { })]
    public void H264BadStapASizesAndTruncationsFail(byte[] payload) =>
        Assert.False(H264PayloadInfo.TryParse(payload, out _, out _));

    [Fact]
    public void RedSplitsRedundantAndPrimaryBlocks()
    {
        // Block 1: PT 111, offset 960, length 3; primary: PT 111.
        byte[] payload = [0xEF, 0x0F, 0x00, 0x03, 0x6F, 1, 2, 3, 9, 9, 9, 9];
        Assert.True(RedPayload.TryParse(payload, out var red, out _));
        Assert.Equal(2, red.BlockCount);
        var b0 = red.GetBlock(0);
        Assert.Equal(111, b0.PayloadType);
        Assert.Equal(960, b0.TimestampOffset);
        Assert.Equal([1, 2, 3], b0.Data.ToArray());
        Assert.False(b0.IsPrimary);
        var primary = red.Primary;
        Assert.True(primary.IsPrimary);
        Assert.Equal([9, 9, 9, 9], primary.Data.ToArray());

        Assert.True(RedPayload.TryParse([0x6F], out var onlyPrimary, out _));
        Assert.Equal(0, onlyPrimary.Primary.Data.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0x0F, 0x00, 0x09, 0x6F, 1, 2 })]
    [InlineData(new byte[] { 0xEF, 0x0F, 0x00 })]
    [InlineData(new byte[] { 0xEF, 0x0F, 0x00, 0x00 })]
    [InlineData(new byte[] { })]
    public void RedLengthsPastTheEndFail(byte[] payload)
    {
        Assert.False(RedPayload.TryParse(payload, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void Av1NewCodedVideoSequenceIsAKeyframe()
    {
        Assert.True(Av1AggregationHeader.IsKeyframe([0x18]));
        Assert.False(Av1AggregationHeader.IsKeyframe([0x10]));
        Assert.False(Av1AggregationHeader.IsKeyframe([]));
        Assert.True(Av1AggregationHeader.TryRead([0xE8], out var z, out var y, out var w, out var n));
        Assert.True(z && y && n);
        Assert.Equal(2, w);
    }
}
