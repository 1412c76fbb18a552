using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtcp;

/// <summary>Hostile input: random and mutated compounds never make the compound reader or any per-type parser throw.</summary>
public class RtcpPropertyTests
{
    private static readonly byte[][] s_seeds = BuildSeeds();

    private static byte[][] BuildSeeds()
    {
        var seeds = Capture.All.SelectMany(c => c.Array("srtcp_packets"))
            .Select(p => Convert.FromHexString(p.GetProperty("plain_hex").GetString()!)).ToList();
        var b = new byte[1500];
        seeds.Add(b[..RtcpReceiverReport.Write(b, 1, [new RtcpReportBlock(1, 2, 3, 4, 5, 6, 7)])]);
        seeds.Add(b[..RtcpBye.Write(b, [1, 2], "bye"u8)]);
        seeds.Add(b[..RtcpApp.Write(b, 1, 2, "abcd"u8, [1, 2, 3, 4])]);
        seeds.Add(b[..RtcpGenericNack.Write(b, 1, 2, [1, 2, 30, 31])]);
        seeds.Add(b[..RtcpPictureLossIndication.Write(b, 1, 2)]);
        seeds.Add(b[..RtcpFullIntraRequest.Write(b, 1, 2, 3)]);
        seeds.Add(b[..RtcpRemb.Write(b, 1, 1_000_000, [1, 2])]);
        seeds.Add(b[..RtcpTransportFeedback.Write(b, 1, 2, 10, 5, 1, [1, RtcpTransportFeedback.NotReceived, 300, 4, -1, 2, 2, 2, 2])]);
        seeds.Add(b[..RtcpExtendedReport.Write(b, 1, 42, [new RtcpDlrrItem(1, 2, 3)])]);
        return [.. seeds];
    }

    /// <summary>Parses the compound, then every packet with every parser, touching every accessor.</summary>
    internal static void Exercise(byte[] bytes)
    {
        if (!RtcpCompoundReader.TryParse(bytes, out var reader, out var reason))
        {
            Assert.NotEqual(PacketDropReason.None, reason);
            // The per-type parsers must also survive a packet that is not cut from a valid compound.
            ExercisePacket(bytes);
            return;
        }
        foreach (var packet in reader) ExercisePacket(packet);
    }

    private static void ExercisePacket(ReadOnlySpan<byte> packet)
    {
        if (RtcpSenderReport.TryParse(packet, out var sr, out _))
        {
            _ = sr.Ssrc + sr.SenderInfo.PacketCount + (ulong)sr.ProfileExtension.Length;
            for (var i = 0; i < sr.ReportCount; i++) _ = sr.GetReportBlock(i);
        }
        if (RtcpReceiverReport.TryParse(packet, out var rr, out _))
        {
            _ = rr.ProfileExtension.Length;
            for (var i = 0; i < rr.ReportCount; i++) _ = rr.GetReportBlock(i);
        }
        if (RtcpSourceDescription.TryParse(packet, out var sdes, out _))
        {
            _ = sdes.TryGetFirstCname(out _, out _);
            foreach (var chunk in sdes.GetChunks())
                foreach (var item in chunk.GetItems()) _ = item.Value.Length;
        }
        if (RtcpBye.TryParse(packet, out var bye, out _))
        {
            _ = bye.Reason.Length;
            for (var i = 0; i < bye.SourceCount; i++) _ = bye.GetSsrc(i);
        }
        if (RtcpApp.TryParse(packet, out var app, out _)) _ = app.Data.Length + app.Name.Length + app.Ssrc;
        if (RtcpGenericNack.TryParse(packet, out var nack, out _))
        {
            Span<ushort> lost = stackalloc ushort[64];
            _ = nack.GetLostSequenceNumbers(lost);
        }
        if (RtcpPictureLossIndication.TryParse(packet, out var pli, out _)) _ = pli.MediaSsrc;
        if (RtcpFullIntraRequest.TryParse(packet, out var fir, out _))
            for (var i = 0; i < fir.EntryCount; i++) _ = fir.GetEntry(i);
        _ = RtcpRemb.IsRemb(packet);
        if (RtcpRemb.TryParse(packet, out var remb, out _))
        {
            _ = remb.Bitrate;
            for (var i = 0; i < remb.SsrcCount; i++) _ = remb.GetSsrc(i);
        }
        if (RtcpTransportFeedback.TryParse(packet, out var tcc, out _))
        {
            var n = 0;
            foreach (var p in tcc.GetPackets()) n++;
            Assert.Equal(tcc.PacketStatusCount, n);
        }
        if (RtcpExtendedReport.TryParse(packet, out var xr, out _))
        {
            _ = xr.TryGetReceiverReferenceTime(out _);
            for (var i = 0; i < xr.DlrrCount; i++) _ = xr.GetDlrr(i);
        }
    }

    [Fact]
    public void RandomBytesNeverThrow() =>
        Gen.Byte.Array[0, 1500].Sample(Exercise, iter: PropertyCases.Count);

    [Fact]
    public void RandomPacketsWithPlausibleHeadersNeverThrow() =>
        Gen.Select(Gen.Byte.Array[4, 400], Gen.Int[200, 207], Gen.Int[0, 31]).Sample((bytes, type, count) =>
        {
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x20) | count);
            bytes[1] = (byte)type;
            var words = bytes.Length / 4 - 1;
            bytes[2] = (byte)(words >> 8);
            bytes[3] = (byte)words;
            Exercise(bytes[..((words + 1) * 4)]);
        }, iter: PropertyCases.Count);

    [Fact]
    public void MutatedRealAndWrittenCompoundsNeverThrow() =>
        Gen.Select(Gen.Int[0, s_seeds.Length - 1], Gen.Int[0, 4], Gen.Int[0, 1499], Gen.Byte).Sample((seed, kind, position, value) =>
        {
            var original = s_seeds[seed];
            var at = position % original.Length;
            var bytes = (byte[])original.Clone();
            switch (kind)
            {
                case 0: bytes[at] ^= value == 0 ? (byte)1 : value; break;
                case 1: bytes = original[..at]; break;
                case 2: bytes = [.. original, .. new byte[4 * (value % 5)]]; break;
                case 3: bytes[position % Math.Min(24, original.Length)] = value; break; // counts, lengths, FCI heads
                default: bytes[0] = (byte)((bytes[0] & 0xE0) | (value & 0x1F)); break; // report counts past the end
            }
            Exercise(bytes);
        }, iter: PropertyCases.Count);
}
