using Sfu.Core.Codecs;

namespace Sfu.Core.Tests.Codecs;

/// <summary>Keyframe detection and descriptor rewriting allocate nothing.</summary>
public class CodecAllocationTests
{
    [Fact]
    public void DescriptorParsingAndRewriteAllocateNothing()
    {
        var vp8 = Convert.FromHexString("90e0c2042220b0f0009d012a0005d002");
        byte[] vp9 = [0xAA, 0x81, 0x23, 0x00, 0x09, 0x00, 0xFF];
        byte[] stap = [0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x65, 0x88];
        byte[] red = [0xEF, 0x0F, 0x00, 0x03, 0x6F, 1, 2, 3, 9];
        int keyframes = 0, calls = 0;
        var bytes = Allocation.Measure(10_000, () =>
        {
            calls++;
            if (Vp8PayloadDescriptor.TryParse(vp8, out var d, out _))
            {
                if (d.IsKeyframe) keyframes++;
                d.PictureId = d.PictureId;
                d.Tl0PicIdx = d.Tl0PicIdx;
            }
            if (Vp9PayloadDescriptor.TryParse(vp9, out var v, out _) && v.IsKeyframe) keyframes++;
            if (H264PayloadInfo.TryParse(stap, out var h, out _) && h.IsKeyframe) keyframes++;
            if (RedPayload.TryParse(red, out var r, out _) && r.Primary.Data.Length == 1) keyframes++;
        });
        Assert.Equal(0, bytes);
        Assert.Equal(4 * calls, keyframes); // every descriptor above is a keyframe
    }
}
