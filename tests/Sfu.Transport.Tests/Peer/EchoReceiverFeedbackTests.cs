using System.Buffers.Binary;
using Sfu.Core.Feedback;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Transport.Peer.Echo;

namespace Sfu.Transport.Tests.Peer;

/// <summary>
/// The echo endpoint reports what the server itself received, as a real receiver does: transport-cc feedback
/// for every packet with the extension (RTX probes included) and receiver reports whose loss counts RTX
/// repairs and ignores duplicates. Without this feedback Chromium's bandwidth estimate timed out and the
/// echoed video froze (docs/dtls.md, "Echo endpoint").
/// </summary>
public sealed class EchoReceiverFeedbackTests
{
    private const int TccId = 3;
    private const uint Media = 0x1111, Rtx = 0x2222, Local = 0xAAAA, LocalRtx = 0xBBBB;

    private static (EchoReceiverFeedback Feedback, EchoStreamMap Map) Create(bool transportCc = true)
    {
        var map = new EchoStreamMap();
        map.Add("1", isVideo: true, Local, LocalRtx);
        map.Bind("1", Media, rtx: false);
        map.Bind("1", Rtx, rtx: true);
        return (new EchoReceiverFeedback(map, transportCc ? TccId : 0, Local), map);
    }

    /// <summary>An RTP packet with the transport-wide sequence number in a one-byte extension (RFC 8285 §4.2).</summary>
    private static byte[] Packet(uint ssrc, ushort seq, ushort tseq, uint timestamp, byte[]? payload = null, int padding = 0)
    {
        payload ??= [1, 2, 3, 4];
        var p = new byte[12 + 8 + payload.Length + padding];
        p[0] = (byte)(0x90 | (padding > 0 ? 0x20 : 0));
        p[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(14), 1);
        p[16] = (TccId << 4) | 1;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(17), tseq);
        payload.CopyTo(p, 20);
        if (padding > 0) p[^1] = (byte)padding;
        return p;
    }

    private static void Receive(EchoReceiverFeedback f, byte[] packet, long nowUs)
    {
        Assert.True(RtpPacketView.TryParse(packet, out var view, out _));
        f.OnRtp(ref view, nowUs);
    }

    [Fact]
    public void Transport_cc_feedback_reports_every_packet_with_its_arrival_time_including_padding_only_probes()
    {
        var (f, _) = Create();
        Receive(f, Packet(Media, 100, 500, 9000), 1_000_000);
        Receive(f, Packet(Media, 101, 501, 9000), 1_001_000);
        // tseq 502 lost; 503 is a padding-only RTX probe (it carries no payload but must be reported).
        Receive(f, Packet(Rtx, 7, 503, 9000, payload: [], padding: 255), 1_003_000);
        Span<byte> buffer = stackalloc byte[1200];
        var n = f.WriteTransportCc(buffer);
        Assert.True(n > 0);
        Assert.True(RtcpTransportFeedback.TryParse(buffer[..n], out var fb, out var reason), reason.ToString());
        Assert.Equal(Local, fb.SenderSsrc);
        Assert.Equal(500, fb.BaseSequenceNumber);
        Assert.Equal(4, fb.PacketStatusCount);
        var received = new List<(ushort Seq, int Delta)>();
        foreach (var p in fb.GetPackets()) if (p.Received) received.Add((p.SequenceNumber, p.DeltaTicks));
        Assert.Equal([500, 501, 503], received.Select(r => (int)r.Seq));
        Assert.Equal(4, received[1].Delta); // 1 ms in 250 µs ticks
        Assert.Equal(8, received[2].Delta);
        Assert.Equal(0, f.WriteTransportCc(buffer)); // everything reported
        Assert.Equal(1, f.TransportCcSent);
    }

    [Fact]
    public void No_transport_cc_feedback_when_the_peer_did_not_negotiate_it()
    {
        var (f, _) = Create(transportCc: false);
        Receive(f, Packet(Media, 100, 500, 9000), 1_000_000);
        Assert.Equal(0, f.WriteTransportCc(new byte[1200]));
        Assert.True(f.WriteReceiverReport(new byte[1200], 2_000_000) > 0, "receiver reports do not depend on transport-cc");
    }

    [Fact]
    public void Receiver_report_counts_loss_after_RTX_repair_ignores_duplicates_and_echoes_the_last_SR()
    {
        var (f, _) = Create();
        // 100..109 with 103 and 105 lost; 103 repaired by RTX (OSN 103), 101 resent as a probe (already there),
        // 104 duplicated.
        for (ushort s = 100; s < 110; s++)
            if (s is not 103 and not 105) Receive(f, Packet(Media, s, (ushort)(500 + s), 9000u + s * 3000u), 1_000_000 + s * 1000);
        Receive(f, Packet(Media, 104, 604, 9000 + 104 * 3000), 1_120_000);
        Receive(f, Packet(Rtx, 1, 700, 9000 + 103 * 3000, payload: [0, 103, 9, 9]), 1_130_000);
        Receive(f, Packet(Rtx, 2, 701, 9000 + 101 * 3000, payload: [0, 101, 9, 9]), 1_131_000);
        var ntp = NtpTime.FromMicroseconds(3_000_000_000_000);
        f.OnSenderReport(Media, ntp, 1_500_000);

        Span<byte> buffer = stackalloc byte[1200];
        var n = f.WriteReceiverReport(buffer, 2_000_000);
        Assert.True(RtcpReceiverReport.TryParse(buffer[..n], out var rr, out var reason), reason.ToString());
        Assert.Equal(Local, rr.Ssrc);
        Assert.Equal(1, rr.ReportCount);
        var block = rr.GetReportBlock(0);
        Assert.Equal(Media, block.Ssrc);
        Assert.Equal(1, block.CumulativeLost); // only 105 is still missing
        Assert.Equal(109u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(256 / 10, block.FractionLost); // 1 of 10 expected
        Assert.Equal(NtpTime.Middle32(ntp), block.LastSenderReport);
        Assert.Equal(NtpTime.ToCompact(500_000), block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Nothing_is_reported_before_anything_arrives_and_unknown_SSRCs_feed_only_transport_cc()
    {
        var (f, _) = Create();
        Assert.Equal(0, f.WriteReceiverReport(new byte[1200], 1_000_000));
        Receive(f, Packet(0x9999, 1, 42, 0), 1_000_000);
        Assert.Equal(0, f.WriteReceiverReport(new byte[1200], 2_000_000));
        Assert.True(f.WriteTransportCc(new byte[1200]) > 0);
    }
}
