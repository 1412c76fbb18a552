using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Rtcp;

/// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 feedback: encoding, decoding and hostile chunk lists.</summary>
public class TransportFeedbackTests
{
    private const int Lost = RtcpTransportFeedback.NotReceived;

    [Theory]
    [InlineData(new int[] { 4 })]
    [InlineData(new int[] { Lost, Lost, 10 })]
    [InlineData(new int[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })]
    [InlineData(new int[] { 1, Lost, 300, -4, 2, Lost, 0, 255, 256, -32768, 32767 })]
    [InlineData(new int[] { 300, 300, 300, 300, 300, 300, 300, 300, 1 })]
    public void WriteThenParseGivesBackEveryStatusAndDelta(int[] deltas)
    {
        var buffer = new byte[2000];
        var n = RtcpTransportFeedback.Write(buffer, 1, 2, 65530, -3, 9, deltas);
        Assert.Equal(RtcpTransportFeedback.GetLength(deltas), n);
        AssertRoundTrip(buffer.AsSpan(0, n), 65530, deltas);
    }

    [Fact]
    public void AnyDeltaSequenceRoundTrips() =>
        Gen.OneOf(Gen.Const(Lost), Gen.Int[0, 255], Gen.Int[short.MinValue, short.MaxValue]).Array[1, 400].Sample(deltas =>
        {
            var buffer = new byte[4000];
            var n = RtcpTransportFeedback.Write(buffer, 1, 2, 100, 123456, 1, deltas);
            AssertRoundTrip(buffer.AsSpan(0, n), 100, deltas);
        }, iter: Math.Max(1000, PropertyCases.Count / 20));

    private static void AssertRoundTrip(ReadOnlySpan<byte> packet, ushort baseSeq, int[] deltas)
    {
        Assert.Equal(0, packet.Length % 4);
        Assert.True(RtcpTransportFeedback.TryParse(packet, out var fb, out var reason), reason.ToString());
        Assert.Equal(baseSeq, fb.BaseSequenceNumber);
        Assert.Equal(deltas.Length, fb.PacketStatusCount);
        var i = 0;
        foreach (var p in fb.GetPackets())
        {
            Assert.Equal((ushort)(baseSeq + i), p.SequenceNumber);
            Assert.Equal(deltas[i] != Lost, p.Received);
            if (p.Received) Assert.Equal(deltas[i], p.DeltaTicks);
            i++;
        }
        Assert.Equal(deltas.Length, i);
    }

    [Fact]
    public void ReferenceTimeIsSigned24Bits()
    {
        var buffer = new byte[64];
        var n = RtcpTransportFeedback.Write(buffer, 1, 2, 0, -3, 200, [1]);
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out var fb, out _));
        Assert.Equal(-3, fb.ReferenceTime);
        Assert.Equal(200, fb.FeedbackPacketCount);
    }

    [Fact]
    public void StatusCountPastTheChunksIsTruncated()
    {
        var buffer = new byte[64];
        var n = RtcpTransportFeedback.Write(buffer, 1, 2, 0, 0, 0, [1, 2, 3]);
        buffer[14] = 0x01; // status count 259: more chunks needed than the packet holds
        Assert.False(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void DeltasPastTheEndAreTruncated()
    {
        var buffer = new byte[64];
        var n = RtcpTransportFeedback.Write(buffer, 1, 2, 0, 0, 0, [1, 2, 3]);
        // Turn the run-length chunk into "4 large deltas" (8 delta bytes) where 6 bytes remain.
        buffer[15] = 4;
        buffer[20] = 0x40;
        buffer[21] = 0x04;
        buffer[0] &= 0xDF; // and drop the P bit so padding counts as delta bytes
        Assert.False(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void ReservedSymbolIsMalformed()
    {
        var buffer = new byte[64];
        var n = RtcpTransportFeedback.Write(buffer, 1, 2, 0, 0, 0, [1, 2, 3]);
        buffer[20] = 0x60; // run-length chunk of symbol 3
        buffer[21] = 0x03;
        Assert.False(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }
}
