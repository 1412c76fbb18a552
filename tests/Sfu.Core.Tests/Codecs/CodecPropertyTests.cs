using CsCheck;
using Sfu.Core.Codecs;

namespace Sfu.Core.Tests.Codecs;

/// <summary>Random payloads never make a codec parser throw or read past the payload.</summary>
public class CodecPropertyTests
{
    [Fact]
    public void RandomPayloadsNeverThrow() =>
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            if (Vp8PayloadDescriptor.TryParse(bytes, out var vp8, out _))
            {
                Assert.True(vp8.Length <= bytes.Length);
                _ = vp8.IsKeyframe;
                _ = vp8.TemporalId + vp8.KeyIndex + vp8.Tl0PicIdx + vp8.Payload.Length;
                if (vp8.HasPictureId) vp8.PictureId = vp8.PictureId + 1;
                if (vp8.HasTl0PicIdx) vp8.Tl0PicIdx = vp8.Tl0PicIdx + 1;
            }
            if (Vp9PayloadDescriptor.TryParse(bytes, out var vp9, out _))
            {
                Assert.True(vp9.Length <= bytes.Length);
                _ = vp9.PictureId + vp9.SpatialId + vp9.TemporalId + vp9.Tl0PicIdx;
                _ = vp9.IsKeyframe;
            }
            if (H264PayloadInfo.TryParse(bytes, out var h264, out _)) _ = h264.IsKeyframe;
            if (RedPayload.TryParse(bytes, out var red, out _))
                for (var i = 0; i < red.BlockCount; i++) _ = red.GetBlock(i).Data.Length;
            _ = Av1AggregationHeader.IsKeyframe(bytes);
        }, iter: PropertyCases.Count);
}
