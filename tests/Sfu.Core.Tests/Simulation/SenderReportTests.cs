using System.Buffers.Binary;
using Sfu.Core.Feedback;
using Sfu.Core.Media;

namespace Sfu.Core.Tests.Simulation;

public class SenderReportTests
{
    [Fact]
    public void Sender_reports_map_the_down_tracks_rewritten_timestamps_to_ntp_and_give_the_sfu_an_rtt()
    {
        var h = new SimHarness(9);
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0, "0", seed: 10);
        var (audio, _) = h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: 11);
        var sp = h.AddSubscriberParticipant("s");
        var (vdt, vsub) = h.Subscribe(sp, video, 0xA0);
        var (adt, asub) = h.Subscribe(sp, audio, 0xB0);
        h.Run(6000);

        foreach (var (sub, clock) in new[] { (vsub, 90000), (asub, 48000) })
        {
            Assert.True(sub.SenderReports.Count >= 4, $"SRs {sub.SenderReports.Count}");
            foreach (var sr in sub.SenderReports.Skip(1))
            {
                // The SR's RTP time for its NTP instant must match the rewritten timestamps the subscriber sees
                // around the same arrival time (same one-way delay for both), within one frame interval + jitter.
                var near = sub.Timestamps.OrderBy(x => Math.Abs(x.ArrivalUs - sr.ArrivalUs)).First();
                var expected = near.Timestamp + (sr.ArrivalUs - near.ArrivalUs) * clock / 1_000_000;
                var error = Math.Abs((int)(sr.Rtp - (uint)expected));
                Assert.True(error <= clock / 20, $"SR rtp {sr.Rtp} vs packets {expected} ({error} ticks)");
            }
            // NTP in the SR follows the engine's time origin.
            var last = sub.SenderReports[^1];
            var ntpUs = NtpTime.ToMicroseconds(last.Ntp) - h.Room.Options.NtpOriginUs;
            Assert.InRange(last.ArrivalUs - ntpUs, 19_000, 21_000); // the downstream delay
        }
        // RTT from the subscriber's RR (LSR/DLSR against our SR): 2 x 20 ms network delay.
        Assert.InRange(vdt.RttMs, 35, 45);
        Assert.InRange(adt.RttMs, 35, 45);
        Assert.True(vpub.ReceiverReports >= 4);
    }

    [Fact]
    public void Publisher_rtt_comes_from_xr_dlrr_answering_our_rrtr()
    {
        var h = new SimHarness(12);
        var pubP = h.AddPublisherParticipant("alice");
        h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: 13);
        h.Run(1100);
        // The publisher answers the RRTR it got (LRR = middle 32 bits of its NTP) after holding it 5 ms.
        var origin = h.Room.Options.NtpOriginUs;
        var rrtrSentUs = 1_000_000L;
        var lrr = NtpTime.Middle32(NtpTime.FromMicroseconds(origin + rrtrSentUs));
        var xr = new byte[24];
        xr[0] = 0x80;
        xr[1] = 207;
        BinaryPrimitives.WriteUInt16BigEndian(xr.AsSpan(2), 5);
        BinaryPrimitives.WriteUInt32BigEndian(xr.AsSpan(4), 0x3333);
        xr[8] = 5;
        BinaryPrimitives.WriteUInt16BigEndian(xr.AsSpan(10), 3);
        BinaryPrimitives.WriteUInt32BigEndian(xr.AsSpan(12), pubP.Options.FeedbackSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(xr.AsSpan(16), lrr);
        BinaryPrimitives.WriteUInt32BigEndian(xr.AsSpan(20), NtpTime.ToCompact(5_000));
        h.Room.OnRtcp(pubP, xr, rrtrSentUs + 45_000);
        Assert.InRange(pubP.PublisherRttMs, 39, 41);
    }

    [Theory]
    [InlineData(true, 0)] // transport-cc negotiated: send-side estimation; a REMB would be a hard cap
    [InlineData(false, 3_000_000)] // goog-remb only: the configured ceiling
    public void Remb_goes_only_to_publishers_without_transport_cc(bool transportCc, long expected)
    {
        var h = new SimHarness(14);
        var pubP = h.AddPublisherParticipant("alice");
        var (_, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0, "0", seed: 15, configure: p =>
        {
            p.NegotiateRemb = true;
            p.NegotiateTransportCc = transportCc;
        });
        h.Run(3000);
        Assert.True(vpub.ReceiverReports >= 2);
        if (expected == 0) Assert.Empty(vpub.RembBitrates);
        else
        {
            Assert.NotEmpty(vpub.RembBitrates);
            Assert.All(vpub.RembBitrates, b => Assert.InRange((long)b, expected * 99 / 100, expected));
        }
    }
}
