using System.Buffers.Binary;
using Sfu.Core.Feedback;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Feedback;

public class Rfc4585FeedbackWriterTests
{
    [Fact]
    public void Generic_nack_packs_pid_and_bitmask_and_round_trips_through_an_independent_reader()
    {
        var lost = new ushort[] { 65_530, 65_531, 65_535, 0, 9, 10, 40 };
        var d = new byte[64];
        var n = RtcpWriter.Nack(d, 1, 2, lost);
        Assert.Equal(12 + 4 * 2, n); // 65531..10 fit the first BLP (PID+1..PID+16), 40 needs a second entry
        Assert.Equal(0x81, d[0]);
        Assert.Equal(205, d[1]);
        Assert.Equal(n / 4 - 1, BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(2)));
        Assert.Equal(lost, SimRtcp.NackedSequences(d[..n]).ToArray());
    }

    [Fact]
    public void Remb_uses_exponent_and_mantissa_and_pli_fir_bye_rrtr_have_their_rfc_layouts()
    {
        var d = new byte[64];
        var n = RtcpWriter.Remb(d, 1, 3_000_000, [0x11, 0x22]);
        Assert.Equal(28, n);
        Assert.Equal("REMB", System.Text.Encoding.ASCII.GetString(d, 12, 4));
        var exp = d[17] >> 2;
        var mantissa = ((d[17] & 3) << 16) | BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(18));
        Assert.InRange((long)mantissa << exp, 2_999_000, 3_000_000);
        Assert.Equal(2, d[16]);

        Assert.Equal(12, RtcpWriter.Pli(d, 1, 0x1234));
        Assert.Equal((0x81, 206), (d[0], d[1]));
        Assert.Equal(20, RtcpWriter.Fir(d, 1, 0x1234, 7));
        Assert.Equal((0x84, 206), (d[0], d[1]));
        Assert.Equal(0x1234u, BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(12)));
        Assert.Equal(7, d[16]);
        Assert.Equal(8, RtcpWriter.Bye(d, 0x99));
        Assert.Equal((0x81, 203), (d[0], d[1]));
        Assert.Equal(20, RtcpWriter.XrReceiverReferenceTime(d, 1, 0x0102030405060708));
        Assert.Equal((207, 4), (d[1], d[8]));
        Assert.Equal(0, RtcpWriter.SenderReport(d.AsSpan(0, 27), 1, 0, 0, 0, 0));
    }
}
