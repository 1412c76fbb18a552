using CsCheck;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Tests.Demux;

/// <summary>RFC 7983 §7 first-byte ranges and RFC 5761 §4 RTP/RTCP separation.</summary>
public class Rfc7983DemuxTests
{
    [Theory]
    [InlineData(0, DatagramKind.Stun)]
    [InlineData(1, DatagramKind.Stun)]
    [InlineData(3, DatagramKind.Stun)]
    [InlineData(4, DatagramKind.Unknown)]
    [InlineData(15, DatagramKind.Unknown)]
    [InlineData(16, DatagramKind.Zrtp)]
    [InlineData(19, DatagramKind.Zrtp)]
    [InlineData(20, DatagramKind.Dtls)]
    [InlineData(22, DatagramKind.Dtls)]
    [InlineData(63, DatagramKind.Dtls)]
    [InlineData(64, DatagramKind.TurnChannel)]
    [InlineData(79, DatagramKind.TurnChannel)]
    [InlineData(80, DatagramKind.Unknown)]
    [InlineData(127, DatagramKind.Unknown)]
    [InlineData(192, DatagramKind.Unknown)]
    [InlineData(255, DatagramKind.Unknown)]
    public void First_byte_ranges_follow_rfc7983(int first, DatagramKind expected)
    {
        var datagram = new byte[] { (byte)first, 96, 0, 0 };
        Assert.Equal(expected, DatagramClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(0x80, 96, DatagramKind.Rtp)]       // VP8, no marker
    [InlineData(0x90, 0xEF, DatagramKind.Rtp)]     // Opus 111 with marker (first capture packet)
    [InlineData(0x80, 0xC8, DatagramKind.Rtcp)]    // SR 200
    [InlineData(0x81, 0xC9, DatagramKind.Rtcp)]    // RR 201
    [InlineData(0x81, 0xCD, DatagramKind.Rtcp)]    // RTPFB 205 (NACK, TWCC)
    [InlineData(0x81, 0xCE, DatagramKind.Rtcp)]    // PSFB 206 (PLI)
    [InlineData(0x80, 0xC0, DatagramKind.Rtcp)]    // FIR 192, lowest RTCP type
    [InlineData(0x80, 0xDF, DatagramKind.Rtcp)]    // 223, highest of the RFC 5761 range
    [InlineData(0x80, 0xE0, DatagramKind.Rtp)]     // PT 96 with marker
    [InlineData(0x80, 0xBF, DatagramKind.Rtp)]     // PT 63 with marker
    public void Rtp_and_rtcp_are_told_apart_by_the_second_byte(int first, int second, DatagramKind expected) =>
        Assert.Equal(expected, DatagramClassifier.Classify(new byte[] { (byte)first, (byte)second, 0, 0 }));

    [Fact]
    public void Empty_and_one_byte_rtp_range_datagrams_are_unknown()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([0x80]));
    }

    [Fact]
    public void Every_captured_chromium_datagram_is_classified_as_what_the_capture_says()
    {
        foreach (var file in Fixtures.Files("capture", "*.json"))
        {
            var capture = Capture.Load(file);
            foreach (var hex in capture.Hex("stun_binding_requests")) Assert.Equal(DatagramKind.Stun, DatagramClassifier.Classify(hex));
            foreach (var hex in capture.Hex("dtls_datagrams")) Assert.Equal(DatagramKind.Dtls, DatagramClassifier.Classify(hex));
            foreach (var hex in capture.Hex("srtp_packets")) Assert.Equal(DatagramKind.Rtp, DatagramClassifier.Classify(hex));
            foreach (var hex in capture.Hex("srtcp_packets")) Assert.Equal(DatagramKind.Rtcp, DatagramClassifier.Classify(hex));
        }
    }

    [Fact]
    public void Classification_of_random_datagrams_is_total_and_matches_the_ranges()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            var kind = DatagramClassifier.Classify(bytes);
            if (bytes.Length == 0) return kind == DatagramKind.Unknown;
            var b = bytes[0];
            return b switch
            {
                <= 3 => kind == DatagramKind.Stun,
                >= 16 and <= 19 => kind == DatagramKind.Zrtp,
                >= 20 and <= 63 => kind == DatagramKind.Dtls,
                >= 64 and <= 79 => kind == DatagramKind.TurnChannel,
                >= 128 and <= 191 => bytes.Length < 2 ? kind == DatagramKind.Unknown
                    : kind == (bytes[1] is >= 192 and <= 223 ? DatagramKind.Rtcp : DatagramKind.Rtp),
                _ => kind == DatagramKind.Unknown,
            };
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Classifying_allocates_nothing()
    {
        var datagram = new byte[] { 0x80, 0xC8, 0, 6 };
        var sink = DatagramKind.Unknown;
        Assert.Equal(0, Allocation.Measure(10_000, () => sink = DatagramClassifier.Classify(datagram)));
        Assert.Equal(DatagramKind.Rtcp, sink);
    }
}
