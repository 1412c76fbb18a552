using Sfu.Core.Codecs;
using Sfu.Core.Diagnostics;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Codecs;

/// <summary>RFC 7741 §4.2 VP8 payload descriptor, on hand-built layouts and on every VP8 packet Chromium sent.</summary>
public class Vp8PayloadDescriptorTests
{
    [Fact]
    public void MinimalDescriptorHasNoOptionalFields()
    {
        byte[] payload = [0x10, 0x00, 0x9D, 0x01, 0x2A]; // S=1 PID=0, payload header P=0
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d, out _));
        Assert.Equal(1, d.Length);
        Assert.True(d.IsStartOfFrame);
        Assert.True(d.IsKeyframe);
        Assert.Equal(-1, d.PictureId);
        Assert.Equal(-1, d.Tl0PicIdx);
        Assert.Equal(-1, d.TemporalId);
    }

    [Fact]
    public void AllOptionalFieldsAreReadAndRewritable()
    {
        // X; I L T K; M=1 picture id 0x1234; TL0PICIDX 7; TID=2 Y=1 KEYIDX=5; payload header P=1 (inter frame).
        byte[] payload = [0x90, 0xF0, 0x92, 0x34, 0x07, 0xA5, 0x01, 0xAA];
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d, out _));
        Assert.Equal(6, d.Length);
        Assert.True(d.HasLongPictureId);
        Assert.Equal(0x1234, d.PictureId);
        Assert.Equal(7, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalId);
        Assert.True(d.IsLayerSync);
        Assert.Equal(5, d.KeyIndex);
        Assert.False(d.IsKeyframe);
        d.PictureId = 0x7FFF + 2; // wraps within 15 bits
        d.Tl0PicIdx = 300;
        Assert.Equal(1, d.PictureId);
        Assert.Equal(44, d.Tl0PicIdx);
        Assert.Equal([0x90, 0xF0, 0x80, 0x01, 44, 0xA5, 0x01, 0xAA], payload);
    }

    [Fact]
    public void ShortPictureIdKeepsItsWidth()
    {
        byte[] payload = [0x90, 0x80, 0x05, 0x00];
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d, out _));
        Assert.False(d.HasLongPictureId);
        d.PictureId = 200;
        Assert.Equal(200 & 0x7F, d.PictureId);
        Assert.Equal(3, d.Length);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x90 })]
    [InlineData(new byte[] { 0x90, 0x80 })]
    [InlineData(new byte[] { 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x90, 0xF0, 0x80, 0x01, 0x07 })]
    public void CutShortDescriptorsAreTruncated(byte[] payload)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(payload, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void EveryChromiumVp8PacketHasConsistentPictureIdsAndStartsWithAKeyframe()
    {
        foreach (var capture in Capture.All)
        {
            var vp8 = capture.Array("srtp_packets")
                .Where(p => p.GetProperty("codec").GetString()!.StartsWith("VP8", StringComparison.Ordinal) && p.GetProperty("payload_len").GetInt32() > 0)
                .GroupBy(p => p.GetProperty("ssrc").GetUInt32());
            foreach (var stream in vp8)
            {
                var pictureByTimestamp = new Dictionary<uint, int>();
                var first = true;
                var keyframes = 0;
                var lastPicture = -1;
                foreach (var p in stream.OrderBy(p => p.GetProperty("seq").GetInt32()))
                {
                    var head = Convert.FromHexString(p.GetProperty("payload_head_hex").GetString()!);
                    Assert.True(Vp8PayloadDescriptor.TryParse(head, out var d, out _));
                    Assert.True(d.HasPictureId);
                    if (first)
                    {
                        Assert.True(d.IsKeyframe, capture.Name + " stream must start with a keyframe");
                        first = false;
                    }
                    if (d.IsKeyframe) keyframes++;
                    var ts = p.GetProperty("ts").GetUInt32();
                    if (pictureByTimestamp.TryGetValue(ts, out var picture)) Assert.Equal(picture, d.PictureId);
                    else
                    {
                        if (lastPicture >= 0) Assert.Equal((lastPicture + 1) & 0x7FFF, d.PictureId);
                        pictureByTimestamp[ts] = d.PictureId;
                        lastPicture = d.PictureId;
                    }

                    var original = (byte[])head.Clone();
                    var (pid, tl0) = (d.PictureId, d.Tl0PicIdx);
                    d.PictureId = pid + 1000;
                    if (d.HasTl0PicIdx) d.Tl0PicIdx = tl0 + 1;
                    Assert.Equal((pid + 1000) & 0x7FFF, d.PictureId);
                    d.PictureId = pid;
                    if (d.HasTl0PicIdx) d.Tl0PicIdx = tl0;
                    Assert.Equal(original, head);
                }
                Assert.True(keyframes >= 1);
            }
        }
    }
}
