using Sfu.Core.Rtp;
using Sfu.Core.Tests.Captures;
using static Sfu.Core.Tests.Rtp.RtpBuilder;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Adding RFC 8285 elements to a packet, and building packets the SFU originates.</summary>
public class RtpAddExtensionTests
{
    private static readonly byte[] s_payload = [1, 2, 3, 4, 5];

    [Fact]
    public void AddingToAPacketWithoutExtensionsCreatesAOneByteBlock()
    {
        var buffer = new byte[100];
        var packet = Build(s_payload, csrcs: [7], padding: 3);
        packet.CopyTo(buffer, 0);
        Assert.True(RtpPacketView.TryAddExtension(buffer, packet.Length, 3, [0x12, 0x34], out var n));
        Assert.Equal(packet.Length + 8, n);
        Assert.True(RtpPacketView.TryParse(buffer.AsSpan(0, n), out var v, out _));
        Assert.Equal(RtpPacketView.OneByteProfile, v.ExtensionProfile);
        Assert.Equal(7u, v.GetCsrc(0));
        Assert.True(v.TryGetExtension(3, out var value));
        Assert.Equal([0x12, 0x34], value.ToArray());
        Assert.Equal(s_payload, v.Payload.ToArray());
        Assert.Equal(3, v.PaddingLength);
    }

    [Theory]
    [InlineData(20, 2)]
    [InlineData(5, 0)]
    [InlineData(5, 17)]
    public void ElementsThatDoNotFitOneByteGetTheTwoByteForm(int id, int length)
    {
        var buffer = new byte[400];
        var packet = Build(s_payload);
        packet.CopyTo(buffer, 0);
        var value = Enumerable.Repeat((byte)0xAB, length).ToArray();
        Assert.True(RtpPacketView.TryAddExtension(buffer, packet.Length, id, value, out var n));
        Assert.True(RtpPacketView.TryParse(buffer.AsSpan(0, n), out var v, out _));
        Assert.True(v.HasTwoByteExtensions);
        Assert.True(v.TryGetExtension(id, out var got));
        Assert.Equal(value, got.ToArray());
        Assert.Equal(s_payload, v.Payload.ToArray());
    }

    [Fact]
    public void AddingRefusesDuplicatesFormMismatchesAndFullBuffers()
    {
        var packet = Build(s_payload, profile: RtpPacketView.OneByteProfile, extension: One(2, 9));
        var buffer = new byte[packet.Length + 4];
        packet.CopyTo(buffer, 0);
        Assert.False(RtpPacketView.TryAddExtension(buffer, packet.Length, 2, [1], out _));
        Assert.False(RtpPacketView.TryAddExtension(buffer, packet.Length, 16, [1], out _));
        Assert.False(RtpPacketView.TryAddExtension(buffer, packet.Length, 3, new byte[6], out _));
        Assert.True(RtpPacketView.TryAddExtension(buffer, packet.Length, 3, [1], out var n)); // fits the existing padding
        Assert.Equal(packet.Length, n);
        Assert.False(RtpPacketView.TryAddExtension(buffer, packet.Length + 1, 4, [1], out _));
    }

    [Fact]
    public void AddingThenRemovingRestoresEveryCapturedPacket()
    {
        var buffer = new byte[1600];
        foreach (var (_, p) in CapturedRtp.All().Where((_, i) => i % 5 == 0))
        {
            p.Bytes.CopyTo(buffer, 0);
            Assert.True(RtpPacketView.TryAddExtension(buffer, p.Bytes.Length, 14, [0xDE, 0xAD, 0xBE], out var n));
            Assert.True(RtpPacketView.TryParse(buffer.AsSpan(0, n), out var v, out _));
            Assert.True(v.TryGetExtension(14, out var added));
            Assert.Equal([0xDE, 0xAD, 0xBE], added.ToArray());
            Assert.True(v.RemoveExtension(14));
            Assert.Equal(Convert.ToHexString(p.Bytes), Convert.ToHexString(v.Packet));
        }
    }

    [Fact]
    public void WriterBuildsAPaddingOnlyProbe()
    {
        var buffer = new byte[300];
        var n = RtpPacketWriter.Write(buffer, 97, 1000, 90000, 0xCAFE, false, [], 255);
        Assert.Equal(12 + 255, n);
        Assert.True(RtpPacketView.TryParse(buffer.AsSpan(0, n), out var v, out _));
        Assert.True(v.IsPaddingOnly);
        Assert.Equal(97, v.PayloadType);
        Assert.Equal(0xCAFEu, v.Ssrc);
        Assert.True(RtpPacketView.TryAddExtension(buffer, n, 3, [0, 1], out var m));
        Assert.True(RtpPacketView.TryParse(buffer.AsSpan(0, m), out var withTcc, out _));
        Assert.True(withTcc.IsPaddingOnly);
        Assert.Equal(255, withTcc.PaddingLength);
    }

    [Fact]
    public void WriterOutputMatchesTheIndependentBuilder()
    {
        var buffer = new byte[100];
        var n = RtpPacketWriter.Write(buffer, 111, 65535, 0xFFFFFFFF, 0x11223344, true, s_payload, 4);
        Assert.Equal(Build(s_payload, pt: 111, seq: 65535, ts: 0xFFFFFFFF, ssrc: 0x11223344, marker: true, padding: 4), buffer[..n]);
    }

    [Fact]
    public void AddingAllocatesNothing()
    {
        var packet = CapturedRtp.Of(Capture.All[0]).First().Bytes;
        var buffer = new byte[1600];
        var ok = true;
        var bytes = Allocation.Measure(10_000, () =>
        {
            packet.CopyTo(buffer, 0);
            ok &= RtpPacketView.TryAddExtension(buffer, packet.Length, 14, [1, 2], out _);
        });
        Assert.True(ok);
        Assert.Equal(0, bytes);
    }
}
