using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Rtcp;

/// <summary>Write-then-parse round trips of every RTCP type, and the length fields an attacker controls.</summary>
public class RtcpPacketTests
{
    private readonly byte[] _buffer = new byte[1500];

    private static readonly RtcpReportBlock s_block = new(0xABCDEF01, 25, -5, 0x0001FFFF, 300, 0x12345678, 65536);

    [Fact]
    public void SenderReportRoundTripsWithBlocks()
    {
        var info = new RtcpSenderInfo(0xE5A1B2C3_D4E5F607, 90000, 100, 12345);
        var n = RtcpSenderReport.Write(_buffer, 0x1111, info, [s_block, s_block with { Ssrc = 2, CumulativeLost = 0x7FFFFF }]);
        Assert.Equal(RtcpSenderReport.GetLength(2), n);
        Assert.True(RtcpSenderReport.TryParse(_buffer.AsSpan(0, n), out var sr, out _));
        Assert.Equal(0x1111u, sr.Ssrc);
        Assert.Equal(info, sr.SenderInfo);
        Assert.Equal(0xB2C3D4E5u, info.CompactNtp);
        Assert.Equal(2, sr.ReportCount);
        Assert.Equal(s_block, sr.GetReportBlock(0));
        Assert.Equal(0x7FFFFF, sr.GetReportBlock(1).CumulativeLost);
    }

    [Fact]
    public void ReceiverReportRoundTripsAndNegativeLossSignExtends()
    {
        var n = RtcpReceiverReport.Write(_buffer, 7, [s_block]);
        Assert.True(RtcpReceiverReport.TryParse(_buffer.AsSpan(0, n), out var rr, out _));
        Assert.Equal(7u, rr.Ssrc);
        Assert.Equal(-5, rr.GetReportBlock(0).CumulativeLost);
        Assert.Equal(s_block, rr.GetReportBlock(0));
    }

    [Fact]
    public void ReportCountPastThePacketIsTruncatedEvenWhenTheDatagramContinues()
    {
        var n = RtcpReceiverReport.Write(_buffer, 7, [s_block]);
        var m = RtcpPictureLossIndication.Write(_buffer.AsSpan(n), 1, 2);
        _buffer[0] = (byte)((_buffer[0] & 0xE0) | 2); // claims 2 blocks, has 1; a PLI follows in the compound
        Assert.True(RtcpCompoundReader.TryParse(_buffer.AsSpan(0, n + m), out var reader, out _));
        Assert.True(reader.MoveNext());
        Assert.False(RtcpReceiverReport.TryParse(reader.Current, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void CompoundLengthPastTheEndIsTruncated()
    {
        var n = RtcpPictureLossIndication.Write(_buffer, 1, 2);
        Assert.False(RtcpCompoundReader.TryParse(_buffer.AsSpan(0, n - 4), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
        Assert.False(RtcpCompoundReader.TryParse(_buffer.AsSpan(0, n + 2), out _, out _));
        _buffer[0] = 0x40 | 1;
        Assert.False(RtcpCompoundReader.TryParse(_buffer.AsSpan(0, n), out _, out var r2));
        Assert.Equal(PacketDropReason.BadVersion, r2);
    }

    [Fact]
    public void SdesWithSeveralChunksAndItemsRoundTrips()
    {
        var w = new RtcpSourceDescriptionWriter(_buffer);
        w.AddChunk(1);
        w.AddItem(RtcpSdesItemType.Cname, "abcd"u8); // items end on a word boundary: a whole zero word follows
        w.AddChunk(2);
        w.AddItem(RtcpSdesItemType.Cname, ""u8);
        w.AddItem(RtcpSdesItemType.Mid, "0"u8);
        var n = w.Finish();
        Assert.Equal(0, n % 4);
        Assert.True(RtcpSourceDescription.TryParse(_buffer.AsSpan(0, n), out var sdes, out _));
        Assert.Equal(2, sdes.ChunkCount);
        var seen = new List<(uint, string?)>();
        foreach (var chunk in sdes.GetChunks())
        {
            chunk.TryGetItem(RtcpSdesItemType.Mid, out var mid);
            seen.Add((chunk.Ssrc, mid.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(mid)));
        }
        Assert.Equal([(1u, null), (2u, "0")], seen);
    }

    [Fact]
    public void SdesItemLengthPastTheChunkIsTruncated()
    {
        var n = RtcpSourceDescriptionWriter.WriteCname(_buffer, 1, "abc"u8);
        _buffer[9] = 200;
        Assert.False(RtcpSourceDescription.TryParse(_buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void ByeRoundTripsAndAReasonLengthPastTheEndIsTruncated()
    {
        var n = RtcpBye.Write(_buffer, [1, 2, 3], "shutdown"u8);
        Assert.Equal(RtcpBye.GetLength(3, 8), n);
        Assert.True(RtcpBye.TryParse(_buffer.AsSpan(0, n), out var bye, out _));
        Assert.Equal(3, bye.SourceCount);
        Assert.Equal(3u, bye.GetSsrc(2));
        Assert.Equal("shutdown"u8.ToArray(), bye.Reason.ToArray());
        _buffer[16] = 40;
        Assert.False(RtcpBye.TryParse(_buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);

        var m = RtcpBye.Write(_buffer, [9]);
        Assert.True(RtcpBye.TryParse(_buffer.AsSpan(0, m), out var plain, out _));
        Assert.True(plain.Reason.IsEmpty);
    }

    [Fact]
    public void AppRoundTrips()
    {
        var n = RtcpApp.Write(_buffer, 5, 42, "test"u8, [1, 2, 3, 4]);
        Assert.True(RtcpApp.TryParse(_buffer.AsSpan(0, n), out var app, out _));
        Assert.Equal(5, app.Subtype);
        Assert.Equal(42u, app.Ssrc);
        Assert.Equal("test"u8.ToArray(), app.Name.ToArray());
        Assert.Equal([1, 2, 3, 4], app.Data.ToArray());
    }

    [Theory]
    [InlineData(new int[] { 100 }, 1)]
    [InlineData(new int[] { 100, 101, 116 }, 1)]
    [InlineData(new int[] { 100, 117 }, 2)]
    [InlineData(new int[] { 65530, 65535, 0, 10 }, 1)]
    [InlineData(new int[] { 5, 5, 6 }, 1)]
    public void NackPacksSequenceNumbersIntoPidBlpItems(int[] lost, int items)
    {
        var seqs = lost.Select(s => (ushort)s).ToArray();
        var n = RtcpGenericNack.Write(_buffer, 1, 2, seqs);
        Assert.True(RtcpGenericNack.TryParse(_buffer.AsSpan(0, n), out var nack, out _));
        Assert.Equal(items, nack.ItemCount);
        Assert.Equal(2u, nack.MediaSsrc);
        Span<ushort> back = stackalloc ushort[17 * items];
        var count = nack.GetLostSequenceNumbers(back);
        Assert.Equal(seqs.Distinct().ToArray(), back[..count].ToArray());
    }

    [Fact]
    public void NackWithoutItemsOrAPartialItemIsMalformed()
    {
        RtcpFeedbackHeader.Write(_buffer, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, 12, 1, 2);
        Assert.False(RtcpGenericNack.TryParse(_buffer.AsSpan(0, 12), out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Fact]
    public void PliAndFirRoundTrip()
    {
        var n = RtcpPictureLossIndication.Write(_buffer, 10, 20);
        Assert.True(RtcpPictureLossIndication.TryParse(_buffer.AsSpan(0, n), out var pli, out _));
        Assert.Equal((10u, 20u), (pli.SenderSsrc, pli.MediaSsrc));
        Assert.False(RtcpFullIntraRequest.TryParse(_buffer.AsSpan(0, n), out _, out _)); // FMT differs

        var m = RtcpFullIntraRequest.Write(_buffer, 10, 30, 7);
        Assert.True(RtcpFullIntraRequest.TryParse(_buffer.AsSpan(0, m), out var fir, out _));
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal((30u, (byte)7), fir.GetEntry(0));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(262_143UL)]
    [InlineData(1_000_000UL)]
    [InlineData(2_500_000_000UL)]
    public void RembRoundTripsWithinMantissaPrecision(ulong bitrate)
    {
        var n = RtcpRemb.Write(_buffer, 1, bitrate, [5, 6]);
        Assert.True(RtcpRemb.IsRemb(_buffer.AsSpan(0, n)));
        Assert.True(RtcpRemb.TryParse(_buffer.AsSpan(0, n), out var remb, out _));
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(6u, remb.GetSsrc(1));
        Assert.True(remb.Bitrate <= bitrate);
        Assert.True(bitrate - remb.Bitrate <= bitrate / 131072 + 1);
    }

    [Theory]
    [InlineData(47)]
    [InlineData(63)]
    public void RembExponentsBeyond64BitsSaturateInsteadOfWrapping(int exponent)
    {
        var n = RtcpRemb.Write(_buffer, 1, 1000, [5]);
        // Largest mantissa (18 bits) with an exponent that pushes it past 64 bits.
        _buffer[12 + 5] = (byte)((exponent << 2) | 0x03);
        _buffer[12 + 6] = 0xFF;
        _buffer[12 + 7] = 0xFF;
        Assert.True(RtcpRemb.TryParse(_buffer.AsSpan(0, n), out var remb, out _));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void RembExponent46WithFullMantissaStillFits()
    {
        var n = RtcpRemb.Write(_buffer, 1, 1000, [5]);
        _buffer[12 + 5] = (46 << 2) | 0x03;
        _buffer[12 + 6] = 0xFF;
        _buffer[12 + 7] = 0xFF;
        Assert.True(RtcpRemb.TryParse(_buffer.AsSpan(0, n), out var remb, out _));
        Assert.Equal(0x3FFFFUL << 46, remb.Bitrate);
    }

    [Fact]
    public void RembSsrcCountPastTheEndIsTruncated()
    {
        var n = RtcpRemb.Write(_buffer, 1, 1000, [5]);
        _buffer[16] = 3;
        Assert.False(RtcpRemb.TryParse(_buffer.AsSpan(0, n), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Fact]
    public void ExtendedReportCarriesRrtrAndDlrr()
    {
        var n = RtcpExtendedReport.Write(_buffer, 9, 0x0102030405060708, [new RtcpDlrrItem(1, 2, 3), new RtcpDlrrItem(4, 5, 6)]);
        Assert.True(RtcpExtendedReport.TryParse(_buffer.AsSpan(0, n), out var xr, out _));
        Assert.Equal(9u, xr.Ssrc);
        Assert.True(xr.TryGetReceiverReferenceTime(out var ntp));
        Assert.Equal(0x0102030405060708UL, ntp);
        Assert.Equal(2, xr.DlrrCount);
        Assert.Equal(new RtcpDlrrItem(4, 5, 6), xr.GetDlrr(1));

        var m = RtcpExtendedReport.Write(_buffer, 9, null, [new RtcpDlrrItem(1, 2, 3)]);
        Assert.True(RtcpExtendedReport.TryParse(_buffer.AsSpan(0, m), out var only, out _));
        Assert.False(only.TryGetReceiverReferenceTime(out _));
        _buffer[m - 12 - 2] = 0; // DLRR block length high byte
        _buffer[m - 12 - 1] = 9; // 9 words: past the packet
        Assert.False(RtcpExtendedReport.TryParse(_buffer.AsSpan(0, m), out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }
}
