using CsCheck;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Value formats of the individual header extensions, and the negotiated id map.</summary>
public class RtpExtensionValueTests
{
    [Fact]
    public void PlayoutDelayPacksTwelveBitsEach()
    {
        Span<byte> v = stackalloc byte[3];
        PlayoutDelayExtension.Write(0x123, 0xABC, v);
        Assert.Equal([0x12, 0x3A, 0xBC], v.ToArray());
        Assert.True(PlayoutDelayExtension.TryRead(v, out var min, out var max));
        Assert.Equal(0x123, min);
        Assert.Equal(0xABC, max);
        Assert.False(PlayoutDelayExtension.TryRead(v[..2], out _, out _));
    }

    [Fact]
    public void AbsSendTimeIsTheMiddleOfNtpAndWrapsEvery64Seconds()
    {
        // 1.5 s in 32.32 NTP is 0x1_8000_0000 -> 6.18 is 1.5 * 2^18 = 0x60000.
        Assert.Equal(0x60000u, AbsSendTimeExtension.FromNtp(0x1_8000_0000UL));
        Assert.Equal(0x60000u, AbsSendTimeExtension.FromMicroseconds(1_500_000));
        Assert.Equal(AbsSendTimeExtension.FromMicroseconds(1_500_000), AbsSendTimeExtension.FromMicroseconds(65_500_000));
        Span<byte> v = stackalloc byte[3];
        AbsSendTimeExtension.Write(0xABCDEF, v);
        Assert.True(AbsSendTimeExtension.TryRead(v, out var t));
        Assert.Equal(0xABCDEFu, t);
    }

    [Fact]
    public void AudioLevelSplitsVoiceBitAndLevel()
    {
        Assert.True(AudioLevelExtension.TryRead([0xFF], out var voice, out var level));
        Assert.True(voice);
        Assert.Equal(127, level);
        Assert.True(AudioLevelExtension.TryRead([0x1E], out voice, out level));
        Assert.False(voice);
        Assert.Equal(30, level);
        Assert.False(AudioLevelExtension.TryRead([], out _, out _));
    }

    [Fact]
    public void SdesTextTrimsNulPaddingAndRejectsEmpty()
    {
        Assert.True(MidExtension.TryRead("ab\0\0"u8, out var mid));
        Assert.Equal("ab"u8.ToArray(), mid.ToArray());
        Assert.False(RidExtension.TryRead("\0"u8, out _));
        Assert.False(RepairedRidExtension.TryRead([], out _));
    }

    [Fact]
    public void VideoLayersAllocationWithSharedMaskBitratesAndResolutions()
    {
        // RID=1, NS=2 (3 streams), sl_bm=0b0001; #tl: streams 0,1,2 -> 3,3,1 temporal layers (2,2,0).
        byte[] value =
        [
            0b01_10_0001,
            0b10_10_00_00,
            100, 110, 120,            // stream 0: 100/110/120 kbps
            0xAC, 0x02, 0x90, 0x03, 0xF4, 0x03, // stream 1: 300, 400, 500 kbps
            0xB0, 0x09,               // stream 2: 1200 kbps
            0x01, 0x3F, 0x00, 0xB3, 15,  // 320x180@15
            0x02, 0x7F, 0x01, 0x67, 30,  // 640x360@30
            0x04, 0xFF, 0x02, 0xCF, 30,  // 1280x720@30
        ];
        Assert.True(VideoLayersAllocationExtension.TryRead(value, out var a));
        Assert.Equal(1, a.RtpStreamIndex);
        Assert.Equal(3, a.RtpStreamCount);
        Assert.Equal(1, a.GetSpatialLayerMask(2));
        Assert.Equal(3, a.GetTemporalLayerCount(0, 0));
        Assert.Equal(1, a.GetTemporalLayerCount(2, 0));
        Assert.Equal(0, a.GetTemporalLayerCount(0, 1));
        Assert.Equal(110u, a.GetTargetBitrateKbps(0, 0, 1));
        Assert.Equal(300u, a.GetTargetBitrateKbps(1, 0, 0));
        Assert.Equal(500u, a.GetTargetBitrateKbps(1, 0, 2));
        Assert.Equal(1200u, a.GetTargetBitrateKbps(2, 0, 0));
        Assert.True(a.TryGetResolution(1, 0, out var w, out var h, out var fps));
        Assert.Equal((640, 360, 30), (w, h, fps));
        Assert.True(a.TryGetResolution(2, 0, out w, out h, out _));
        Assert.Equal((1280, 720), (w, h));

        // Without the optional resolutions.
        Assert.True(VideoLayersAllocationExtension.TryRead(value.AsSpan(0, 13), out var b));
        Assert.False(b.HasResolutions);
        // Cut inside the resolutions, or inside a leb128 value.
        Assert.False(VideoLayersAllocationExtension.TryRead(value.AsSpan(0, 20), out _));
        Assert.False(VideoLayersAllocationExtension.TryRead(value.AsSpan(0, 6), out _));
    }

    [Fact]
    public void VideoLayersAllocationWithPerStreamMasksAndTheEmptyValue()
    {
        // RID=0, NS=1 (2 streams), sl_bm=0 -> per-stream masks 0b0011 and 0b0001; #tl all 1 (0).
        byte[] value = [0b00_01_0000, 0b0011_0001, 0b00_00_00_00, 10, 20, 30];
        Assert.True(VideoLayersAllocationExtension.TryRead(value, out var a));
        Assert.Equal(3, a.GetSpatialLayerMask(0));
        Assert.Equal(1, a.GetSpatialLayerMask(1));
        Assert.Equal(20u, a.GetTargetBitrateKbps(0, 1, 0));
        Assert.Equal(30u, a.GetTargetBitrateKbps(1, 0, 0));

        Assert.True(VideoLayersAllocationExtension.TryRead([0], out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(VideoLayersAllocationExtension.TryRead([], out _));
        // RID larger than the stream count.
        Assert.False(VideoLayersAllocationExtension.TryRead([0b11_00_0001, 0, 1], out _));
        // A leb128 value longer than 5 bytes.
        Assert.False(VideoLayersAllocationExtension.TryRead([0b00_00_0001, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], out _));
    }

    [Fact]
    public void ExtensionMapResolvesBothWays()
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(3, RtpExtensionUri.TransportWideCc);
        map.Register(200, RtpExtensionUri.VideoLayersAllocation);
        map.Register(7, "urn:example:unknown");
        Assert.Equal(3, map.GetId(RtpExtensionKind.TransportWideCc));
        Assert.Equal(RtpExtensionKind.VideoLayersAllocation, map.GetKind(200));
        Assert.Equal(RtpExtensionKind.None, map.GetKind(7));
        Assert.Equal(7, map.GetId("urn:example:unknown"));
        Assert.Equal(0, map.GetId(RtpExtensionKind.Mid));
        Assert.False(map.FitsOneByteForm);
        map.Register(3, RtpExtensionUri.Mid);
        Assert.Equal(0, map.GetId(RtpExtensionKind.TransportWideCc));
        Assert.Equal(3, map.GetId(RtpExtensionKind.Mid));
        map.Unregister(200);
        Assert.True(map.FitsOneByteForm);
        Assert.Equal(RtpExtensionUri.Mid, map.GetUri(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Register(0, RtpExtensionUri.Mid));
    }

    [Fact]
    public void RandomValuesNeverMakeTheExtensionReadersThrow() =>
        Gen.Byte.Array[0, 48].Sample(value =>
        {
            if (VideoLayersAllocationExtension.TryRead(value, out var a))
            {
                Assert.InRange(a.RtpStreamIndex, 0, 3);
                for (var s = 0; s < 5; s++)
                    for (var sl = 0; sl < 5; sl++)
                    {
                        for (var t = 0; t < 5; t++) _ = a.GetTargetBitrateKbps(s, sl, t);
                        _ = a.TryGetResolution(s, sl, out _, out _, out _);
                    }
            }
            _ = PlayoutDelayExtension.TryRead(value, out _, out _);
            _ = AbsSendTimeExtension.TryRead(value, out _);
            _ = TransportCcExtension.TryRead(value, out _);
            _ = AudioLevelExtension.TryRead(value, out _, out _);
            _ = MidExtension.TryRead(value, out _);
        }, iter: PropertyCases.Count);
}
