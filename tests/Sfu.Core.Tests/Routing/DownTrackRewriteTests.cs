using System.Buffers.Binary;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Routing;

public class DownTrackRewriteTests
{
    private static (Room Room, Participant Pub, PublishedTrack Track) Publisher(bool withLevel = false)
    {
        var room = new Room("r", new PacketBufferPool());
        var pub = room.AddParticipant("pub", new RecordingSink());
        var map = new RtpHeaderExtensionMap();
        map.Register(2, RtpExtensionUri.AbsSendTime);
        map.Register(3, RtpExtensionUri.TransportWideCc);
        map.Register(4, RtpExtensionUri.Mid);
        map.Register(10, RtpExtensionUri.Rid);
        map.Register(12, RtpExtensionUri.VideoOrientation);
        if (withLevel) map.Register(1, RtpExtensionUri.AudioLevel);
        var track = room.Publish(pub, new PublishedTrackInfo
        {
            TrackId = "v", Kind = MediaKind.Video, Mid = "0", Codecs = [new TrackCodec(96, "VP8", 90000, 97)],
            Extensions = map, Rids = ["q"], Nack = true, Pli = true,
        });
        return (room, pub, track);
    }

    private static byte[] Packet(ushort seq, bool key, uint ssrc = 0x1111)
    {
        var ext = new List<byte>
        {
            0x22, 1, 2, 3,           // abs-send-time (publisher's: must not leak)
            0x31, 0xAA, 0xBB,        // transport-cc (publisher's: must not leak)
            0x40, (byte)'0',         // mid
            0xA0, (byte)'q',         // rid (stripped)
            0xC0, 0x01,              // video orientation (mapped)
        };
        while (ext.Count % 4 != 0) ext.Add(0);
        var payload = new byte[] { 0x90, 0xC0, 0x80, 0x05, 0x07, (byte)(key ? 0x10 : 0x11), 1, 2, 3, 4 };
        var p = new byte[16 + ext.Count + payload.Length + 4];
        p[0] = 0xB0; // padding too: must not be copied
        p[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), 5000u + seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(14), (ushort)(ext.Count / 4));
        ext.CopyTo(p, 16);
        payload.CopyTo(p, 16 + ext.Count);
        p[^1] = 4;
        return p;
    }

    private static int CountExtensions(RtpPacketView v)
    {
        var n = 0;
        foreach (var e in v.GetExtensions()) n += e.Id > 0 ? 1 : 0;
        return n;
    }

    private static DownTrackInfo Info(uint ssrc, uint rtxSsrc, RtpHeaderExtensionMap map, string mid = "sub-mid") => new()
    {
        Ssrc = ssrc, RtxSsrc = rtxSsrc, Mid = mid, Codecs = [new TrackCodec(100, "VP8", 90000, rtxSsrc != 0 ? (byte)101 : (byte)0)],
        Extensions = map, Nack = true,
    };

    [Fact]
    public void Headers_are_rebuilt_with_the_subscribers_ssrc_pt_ids_mid_and_its_own_transport_cc_and_send_time()
    {
        var (room, pub, track) = Publisher();
        var sink = new RecordingSink();
        var sub = room.AddParticipant("sub", sink);
        var map = new RtpHeaderExtensionMap();
        map.Register(1, RtpExtensionUri.Mid);
        map.Register(7, RtpExtensionUri.TransportWideCc);
        map.Register(8, RtpExtensionUri.AbsSendTime);
        map.Register(9, RtpExtensionUri.VideoOrientation);
        room.Subscribe(sub, track, Info(0xABC, 0, map), 0);
        room.OnRtp(pub, Packet(100, key: true), 1000);
        room.OnRtp(pub, Packet(101, key: false), 2000);

        Assert.Equal(2, sink.Rtp.Count);
        Assert.True(RtpPacketView.TryParse(sink.Rtp[1], out var v, out _));
        Assert.Equal(0xABCu, v.Ssrc);
        Assert.Equal(100, v.PayloadType);
        Assert.False(v.HasPadding);
        Assert.True(v.TryGetExtension(1, out var mid));
        Assert.Equal("sub-mid", System.Text.Encoding.ASCII.GetString(mid));
        Assert.True(v.TryGetExtension(7, out var tcc));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16BigEndian(tcc)); // the subscriber transport's second number
        Assert.True(v.TryGetExtension(8, out var abs));
        Assert.NotEqual(new byte[] { 1, 2, 3 }, abs.ToArray());
        Assert.True(v.TryGetExtension(9, out var orientation));
        Assert.Equal(new byte[] { 0x01 }, orientation.ToArray());
        Assert.Equal(4, CountExtensions(v));
        Assert.Equal(new byte[] { 0x90, 0xC0, 0x80, 0x05, 0x07, 0x11, 1, 2, 3, 4 }, v.Payload.ToArray());
        Assert.True(RtpPacketView.TryParse(sink.Rtp[0], out var first, out _));
        Assert.Equal((ushort)(first.SequenceNumber + 1), v.SequenceNumber);
        Assert.Equal(first.Timestamp + 1, v.Timestamp);
    }

    [Fact]
    public void Extensions_that_the_subscriber_did_not_negotiate_are_left_out_and_ids_above_14_use_the_two_byte_form()
    {
        var (room, pub, track) = Publisher();
        var sink = new RecordingSink();
        var sub = room.AddParticipant("sub", sink);
        var map = new RtpHeaderExtensionMap();
        map.Register(20, RtpExtensionUri.Mid);
        room.Subscribe(sub, track, Info(0xABC, 0, map), 0);
        room.OnRtp(pub, Packet(100, key: true), 1000);
        Assert.True(RtpPacketView.TryParse(sink.Rtp[0], out var v, out _));
        Assert.True(v.HasTwoByteExtensions);
        Assert.True(v.TryGetExtension(20, out var mid));
        Assert.Equal("sub-mid", System.Text.Encoding.ASCII.GetString(mid));
        Assert.Equal(1, CountExtensions(v));

        var bare = room.AddParticipant("bare", new RecordingSink());
        var none = new RecordingSink();
        var bareSub = room.AddParticipant("none", none);
        room.Subscribe(bareSub, track, Info(0xDEF, 0, new RtpHeaderExtensionMap()), 0);
        room.OnRtp(pub, Packet(101, key: true), 2000);
        Assert.True(RtpPacketView.TryParse(none.Rtp[0], out var b, out _));
        Assert.False(b.HasExtension);
        Assert.Equal(12, b.HeaderLength);
        _ = bare;
    }

    [Fact]
    public void Without_rtx_a_retransmission_is_byte_identical_to_the_first_transmission()
    {
        var (room, pub, track) = Publisher();
        var sink = new RecordingSink();
        var sub = room.AddParticipant("sub", sink);
        var map = new RtpHeaderExtensionMap();
        map.Register(1, RtpExtensionUri.Mid);
        map.Register(7, RtpExtensionUri.TransportWideCc);
        map.Register(8, RtpExtensionUri.AbsSendTime);
        var dt = room.Subscribe(sub, track, Info(0xABC, 0, map), 0);
        for (ushort s = 100; s < 110; s++) room.OnRtp(pub, Packet(s, key: s == 100), s * 1000L);
        var first = sink.Rtp[3];
        var seq = BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(2));
        room.OnRtcp(sub, SimRtcp.Nack(1, 0xABC, [seq]), 400_000);
        Assert.Equal(11, sink.Rtp.Count);
        Assert.Equal(first, sink.Rtp[^1]);
        Assert.Equal(1, dt.Retransmitted);
    }

    [Fact]
    public void With_rtx_retransmissions_use_the_rtx_ssrc_own_sequence_numbers_and_are_limited_and_guarded()
    {
        var (room, pub, track) = Publisher();
        var sink = new RecordingSink();
        var sub = room.AddParticipant("sub", sink);
        var map = new RtpHeaderExtensionMap();
        map.Register(7, RtpExtensionUri.TransportWideCc);
        var dt = room.Subscribe(sub, track, Info(0xABC, 0xABD, map), 0);
        for (ushort s = 100; s < 110; s++) room.OnRtp(pub, Packet(s, key: s == 100), s * 1000L);
        var original = sink.Rtp[3];
        var seq = BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan(2));
        var nack = SimRtcp.Nack(1, 0xABC, [seq]);
        room.OnRtcp(sub, nack, 300_000);
        room.OnRtcp(sub, nack, 350_000); // within min(100 ms, 2 x RTT): ignored
        room.OnRtcp(sub, nack, 450_000);
        room.OnRtcp(sub, nack, 600_000);
        room.OnRtcp(sub, nack, 800_000); // fourth answer refused: at most 3 retransmissions
        var rtx = sink.Rtp.Skip(10).ToList();
        Assert.Equal(3, rtx.Count);
        Assert.Equal(3, dt.Retransmitted);
        Assert.Equal(2, dt.NacksIgnored);
        ushort? last = null;
        foreach (var r in rtx)
        {
            Assert.True(RtpPacketView.TryParse(r, out var v, out _));
            Assert.Equal(0xABDu, v.Ssrc);
            Assert.Equal(101, v.PayloadType);
            Assert.True(Rtx.TryReadOriginalSequenceNumber(v, out var osn));
            Assert.Equal(seq, osn);
            if (last is { } l) Assert.Equal((ushort)(l + 1), v.SequenceNumber);
            last = v.SequenceNumber;
            Assert.True(v.TryGetExtension(7, out var tcc));
            Assert.True(BinaryPrimitives.ReadUInt16BigEndian(tcc) > 10); // fresh transport-wide number
        }
    }

    [Fact]
    public void Waiting_for_a_key_frame_drops_delta_frames_and_asks_the_publisher_once()
    {
        var (room, pub, track) = Publisher();
        var pubSink = (RecordingSink)pub.Sink;
        var sink = new RecordingSink();
        var sub = room.AddParticipant("sub", sink);
        var dt = room.Subscribe(sub, track, Info(0xABC, 0, new RtpHeaderExtensionMap()), 0);
        room.OnRtp(pub, Packet(100, key: false), 1000);
        room.OnRtp(pub, Packet(101, key: false), 2000);
        Assert.Empty(sink.Rtp);
        Assert.Equal(DownTrackState.WaitingForKeyframe, dt.State);
        room.OnRtp(pub, Packet(102, key: true), 3000);
        room.OnRtp(pub, Packet(103, key: false), 4000);
        Assert.Equal(2, sink.Rtp.Count);
        Assert.Equal(DownTrackState.Forwarding, dt.State);
        Assert.Single(pubSink.Rtcp, p => p[1] == 206 && (p[0] & 0x1F) == 1);
    }
}
