using System.Buffers.Binary;
using CsCheck;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Routing;

/// <summary>
/// A down-track of any codec whose payload marks key frames (VP8, VP9, H.264, AV1) starts forwarding at a
/// key frame and asks for one meanwhile; a codec without such marks is forwarded from its first packet.
/// </summary>
public class KeyFrameDetectionTests
{
    private const uint PublisherSsrc = 0x5000;

    // First payload bytes of a delta frame and of a key frame's first packet, per codec.
    public static TheoryData<string, byte[], byte[]> Codecs() => new()
    {
        // RFC 7741 §4.2/4.3: S=1 PID=0, then the payload header's P bit (1 = inter frame).
        { "VP8", [0x10, 0x01, 0, 0], [0x10, 0x00, 0, 0] },
        // RFC 9628 §4.2: B|E with P=1 (inter-picture predicted) vs P=0.
        { "VP9", [0x4C, 0, 0, 0], [0x0C, 0, 0, 0] },
        // RFC 6184 §5.6: a single NAL unit, type 1 (non-IDR slice) vs type 5 (IDR slice).
        { "H264", [0x41, 0, 0, 0], [0x65, 0, 0, 0] },
        // AV1 RTP payload §4.4: aggregation header W=1, N=1 starts a new coded video sequence.
        { "AV1", [0x10, 0, 0, 0], [0x18, 0, 0, 0] },
    };

    private static (Room Room, Participant Publisher, RecordingSink PublisherSink, RecordingSink SubscriberSink, DownTrack Down) Create(string codec)
    {
        var room = new Room("k", new PacketBufferPool());
        var pubSink = new RecordingSink();
        var publisher = room.AddParticipant("pub", pubSink, new ParticipantOptions { FeedbackSsrc = 1 });
        var track = room.Publish(publisher, new PublishedTrackInfo
        {
            TrackId = "TR_v",
            Kind = MediaKind.Video,
            Mid = "0",
            Codecs = [new TrackCodec(96, codec, 90000)],
            Extensions = new RtpHeaderExtensionMap(),
            Ssrcs = [PublisherSsrc],
            Pli = true,
        });
        var subSink = new RecordingSink();
        var subscriber = room.AddParticipant("sub", subSink);
        var down = room.Subscribe(subscriber, track, new DownTrackInfo
        {
            Ssrc = 77,
            Mid = "1",
            Codecs = [new TrackCodec(100, codec, 90000)],
            Extensions = new RtpHeaderExtensionMap(),
        }, 0);
        return (room, publisher, pubSink, subSink, down);
    }

    private static void Send(Room room, Participant publisher, ushort seq, byte[] payloadHead, long nowUs, int payloadLength = 20)
    {
        var p = new byte[12 + Math.Max(payloadLength, payloadHead.Length)];
        p[0] = 0x80;
        p[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), (uint)(seq * 3000));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), PublisherSsrc);
        payloadHead.CopyTo(p, 12);
        room.OnRtp(publisher, p, nowUs);
    }

    private static int Plis(RecordingSink sink) => sink.Rtcp.Count(p => p[1] == 206 && (p[0] & 0x1F) == 1);

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Forwarding_waits_for_a_key_frame_and_asks_for_one(string codec, byte[] delta, byte[] key)
    {
        var (room, publisher, pubSink, subSink, down) = Create(codec);
        for (ushort s = 1; s <= 3; s++) Send(room, publisher, s, delta, s * 33_000);
        Assert.Empty(subSink.Rtp);
        Assert.Equal(DownTrackState.WaitingForKeyframe, down.State);
        Assert.True(Plis(pubSink) >= 1, $"{codec}: no PLI while waiting");
        Send(room, publisher, 4, key, 4 * 33_000);
        Send(room, publisher, 5, delta, 5 * 33_000);
        Assert.Equal(2, subSink.Rtp.Count);
        Assert.Equal(DownTrackState.Forwarding, down.State);
        Assert.True(RtpPacketView.TryParse(subSink.Rtp[0], out var first, out _));
        Assert.Equal(key, first.Payload[..key.Length].ToArray());
    }

    [Fact]
    public void A_codec_without_key_frame_marks_is_forwarded_from_its_first_packet()
    {
        var (room, publisher, _, subSink, down) = Create("FOO");
        Send(room, publisher, 1, [0x41, 0, 0, 0], 0);
        Assert.Single(subSink.Rtp);
        Assert.Equal(DownTrackState.Forwarding, down.State);
    }

    [Theory]
    [InlineData("VP8")]
    [InlineData("VP9")]
    [InlineData("H264")]
    [InlineData("AV1")]
    public void Random_payloads_never_throw_and_are_forwarded_only_after_a_key_frame_was_seen(string codec)
    {
        var (room, publisher, _, subSink, down) = Create(codec);
        ushort seq = 0;
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var before = subSink.Rtp.Count;
            var waiting = down.State == DownTrackState.WaitingForKeyframe;
            Send(room, publisher, ++seq, bytes, seq * 1000L, payloadLength: bytes.Length);
            // While waiting, a packet goes out only if it is the key frame that ends the wait.
            return !waiting || subSink.Rtp.Count == before || down.State == DownTrackState.Forwarding;
        }, iter: PropertyCases.Count, threads: 1); // one room, one thread
    }
}
