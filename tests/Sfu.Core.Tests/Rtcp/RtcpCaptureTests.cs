using System.Text;
using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtcp;

/// <summary>Every decrypted RTCP compound Chromium sent parses to the recorded fields and is rebuilt byte for byte by the writers.</summary>
public class RtcpCaptureTests
{
    public static TheoryData<string> Captures => Capture.Names;

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryCompoundParsesAndIsRebuiltByteForByte(string name)
    {
        var compounds = 0;
        foreach (var srtcp in Capture.Get(name).Array("srtcp_packets"))
        {
            var plain = Convert.FromHexString(srtcp.GetProperty("plain_hex").GetString()!);
            Assert.True(RtcpCompoundReader.TryParse(plain, out var reader, out var reason), reason.ToString());
            var expected = srtcp.GetProperty("packets").EnumerateArray().ToList();
            var rebuilt = new byte[plain.Length + 64];
            var writer = new RtcpCompoundWriter(rebuilt);
            var index = 0;
            foreach (var packet in reader)
            {
                var fields = expected[index++];
                Assert.Equal(fields.GetProperty("pt").GetInt32(), (int)RtcpHeader.GetPacketType(packet));
                Assert.Equal(fields.GetProperty("count_or_fmt").GetInt32(), RtcpHeader.GetCount(packet));
                Assert.Equal(fields.GetProperty("len_bytes").GetInt32(), packet.Length);
                switch (RtcpHeader.GetPacketType(packet))
                {
                    case RtcpPacketType.SenderReport:
                        Assert.True(RtcpSenderReport.TryParse(packet, out var sr, out _));
                        Assert.Equal(fields.GetProperty("ssrc").GetUInt32(), sr.Ssrc);
                        var info = sr.SenderInfo;
                        Assert.Equal(fields.GetProperty("ntp_sec").GetUInt64(), info.NtpTimestamp >> 32);
                        Assert.Equal(fields.GetProperty("ntp_frac").GetUInt64(), info.NtpTimestamp & 0xFFFFFFFF);
                        Assert.Equal(fields.GetProperty("rtp_ts").GetUInt32(), info.RtpTimestamp);
                        Assert.Equal(fields.GetProperty("packet_count").GetUInt32(), info.PacketCount);
                        Assert.Equal(fields.GetProperty("octet_count").GetUInt32(), info.OctetCount);
                        Span<RtcpReportBlock> blocks = new RtcpReportBlock[sr.ReportCount];
                        for (var i = 0; i < blocks.Length; i++) blocks[i] = sr.GetReportBlock(i);
                        Assert.True(sr.ProfileExtension.IsEmpty);
                        writer.Advance(RtcpSenderReport.Write(writer.Remaining, sr.Ssrc, info, blocks));
                        break;
                    case RtcpPacketType.SourceDescription:
                        Assert.True(RtcpSourceDescription.TryParse(packet, out var sdes, out _));
                        var first = fields.GetProperty("first_chunk");
                        Assert.True(sdes.TryGetFirstCname(out var ssrc, out var cname));
                        Assert.Equal(first.GetProperty("ssrc").GetUInt32(), ssrc);
                        Assert.Equal(first.GetProperty("cname").GetString(), Encoding.UTF8.GetString(cname));
                        var w = new RtcpSourceDescriptionWriter(writer.Remaining);
                        foreach (var chunk in sdes.GetChunks())
                        {
                            w.AddChunk(chunk.Ssrc);
                            foreach (var item in chunk.GetItems()) w.AddItem(item.Type, item.Value);
                        }
                        writer.Advance(w.Finish());
                        break;
                    default:
                        Assert.Fail("unexpected packet type in the capture: " + RtcpHeader.GetPacketType(packet));
                        break;
                }
            }
            Assert.Equal(expected.Count, index);
            Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(writer.Written));
            compounds++;
        }
        Assert.True(compounds > 0);
    }

    [Fact]
    public void SimulcastVideoSendsAnEmptyCname()
    {
        var empty = 0;
        foreach (var srtcp in Capture.All.Single(c => c.Name.Contains("simulcast", StringComparison.Ordinal)).Array("srtcp_packets"))
        {
            var plain = Convert.FromHexString(srtcp.GetProperty("plain_hex").GetString()!);
            Assert.True(RtcpCompoundReader.TryParse(plain, out var reader, out _));
            foreach (var packet in reader)
            {
                if (!RtcpSourceDescription.TryParse(packet, out var sdes, out _)) continue;
                Assert.True(sdes.TryGetFirstCname(out _, out var cname));
                if (cname.IsEmpty) empty++;
            }
        }
        Assert.True(empty > 0);
    }
}
