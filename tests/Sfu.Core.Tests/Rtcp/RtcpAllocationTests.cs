using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtcp;

/// <summary>Reading compounds and writing feedback allocates nothing.</summary>
public class RtcpAllocationTests
{
    [Fact]
    public void CompoundParseAndFeedbackWritesAllocateNothing()
    {
        var compound = Convert.FromHexString(Capture.All[0].Array("srtcp_packets").First().GetProperty("plain_hex").GetString()!);
        var output = new byte[1500];
        var deltas = new int[] { 1, 2, RtcpTransportFeedback.NotReceived, 300, 4 };
        var lost = new ushort[] { 10, 11, 40 };
        var ok = true;

        var bytes = Allocation.Measure(10_000, () =>
        {
            ok &= RtcpCompoundReader.TryParse(compound, out var reader, out _);
            foreach (var packet in reader)
            {
                if (RtcpSenderReport.TryParse(packet, out var sr, out _)) ok &= sr.SenderInfo.PacketCount > 0;
                else ok &= RtcpSourceDescription.TryParse(packet, out var sdes, out _) && sdes.TryGetFirstCname(out _, out _);
            }
            var w = new RtcpCompoundWriter(output);
            w.Advance(RtcpReceiverReport.Write(w.Remaining, 1, default));
            w.Advance(RtcpGenericNack.Write(w.Remaining, 1, 2, lost));
            w.Advance(RtcpPictureLossIndication.Write(w.Remaining, 1, 2));
            w.Advance(RtcpRemb.Write(w.Remaining, 1, 1_000_000, default));
            w.Advance(RtcpTransportFeedback.Write(w.Remaining, 1, 2, 100, 7, 1, deltas));
            ok &= RtcpCompoundReader.TryParse(w.Written, out var again, out _);
            foreach (var packet in again)
                if (RtcpTransportFeedback.TryParse(packet, out var tcc, out _))
                    foreach (var p in tcc.GetPackets()) ok &= p.SequenceNumber >= 100;
        });

        Assert.True(ok);
        Assert.Equal(0, bytes);
    }
}
