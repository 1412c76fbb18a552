using System.Buffers.Binary;
using CsCheck;
using Sfu.Core.Codecs;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Routing;

/// <summary>
/// Opus RED (RFC 2198) through the engine: a subscriber that negotiated red gets the RED packet with its own
/// payload types in the block headers; one that did not gets the primary Opus block alone, under its Opus
/// payload type, with the packet's timestamp, and a contiguous sequence even when a RED packet is unusable.
/// </summary>
public class Rfc2198RedForwardingTests
{
    private const byte PubOpus = 111, PubRed = 63, SubOpus = 109, SubRed = 100;
    private const uint PublisherSsrc = 0x7000;

    private sealed record Setup(Room Room, Participant Publisher, RecordingSink RedSink, RecordingSink OpusSink, DownTrack RedDown, DownTrack OpusDown);

    private static Setup Create()
    {
        var room = new Room("red", new PacketBufferPool());
        var publisher = room.AddParticipant("pub", new RecordingSink());
        var track = room.Publish(publisher, new PublishedTrackInfo
        {
            TrackId = "TR_a",
            Kind = MediaKind.Audio,
            Mid = "0",
            Codecs = [new TrackCodec(PubOpus, "opus", 48000), new TrackCodec(PubRed, "red", 48000)],
            Extensions = new RtpHeaderExtensionMap(),
            Ssrcs = [PublisherSsrc],
        });
        var redSink = new RecordingSink();
        var opusSink = new RecordingSink();
        var redDown = room.Subscribe(room.AddParticipant("with-red", redSink), track, new DownTrackInfo
        {
            Ssrc = 0xA1,
            Mid = "1",
            Codecs = [new TrackCodec(SubRed, "red", 48000), new TrackCodec(SubOpus, "opus", 48000)],
            Extensions = new RtpHeaderExtensionMap(),
        }, 0);
        var opusDown = room.Subscribe(room.AddParticipant("opus-only", opusSink), track, new DownTrackInfo
        {
            Ssrc = 0xB1,
            Mid = "1",
            Codecs = [new TrackCodec(SubOpus, "opus", 48000)],
            Extensions = new RtpHeaderExtensionMap(),
        }, 0);
        return new Setup(room, publisher, redSink, opusSink, redDown, opusDown);
    }

    private static void Send(Setup s, ushort seq, byte pt, byte[] payload)
    {
        var p = new byte[12 + payload.Length];
        p[0] = 0x80;
        p[1] = pt;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), 960u * seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), PublisherSsrc);
        payload.CopyTo(p, 12);
        s.Room.OnRtp(s.Publisher, p, seq * 20_000L);
    }

    /// <summary>RFC 2198 §3 layout: for each redundant block F=1, PT, 14-bit offset, 10-bit length; then F=0, PT; then the data in order.</summary>
    private static byte[] Red(byte pt, (int Offset, byte[] Data)[] redundant, byte[] primary)
    {
        var list = new List<byte>();
        foreach (var (offset, data) in redundant)
        {
            list.Add((byte)(0x80 | pt));
            list.Add((byte)(offset >> 6));
            list.Add((byte)(((offset & 0x3F) << 2) | (data.Length >> 8)));
            list.Add((byte)data.Length);
        }
        list.Add(pt);
        foreach (var (_, data) in redundant) list.AddRange(data);
        list.AddRange(primary);
        return [.. list];
    }

    private static byte[] Opus(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + i))];

    public static TheoryData<int> RedundantBlockCounts() => [0, 1, 2];

    [Theory]
    [MemberData(nameof(RedundantBlockCounts))]
    public void Red_is_forwarded_with_mapped_block_types_or_unwrapped_to_its_primary_block(int redundant)
    {
        var s = Create();
        var blocks = Enumerable.Range(0, redundant).Select(i => (Offset: 960 * (redundant - i), Data: Opus(40 + i, (byte)(10 * i)))).ToArray();
        var primary = Opus(57, 0xC0);
        var payload = Red(PubOpus, blocks, primary);
        Send(s, 1, PubRed, payload);

        var withRed = Assert.Single(s.RedSink.Rtp);
        Assert.True(RtpPacketView.TryParse(withRed, out var rv, out _));
        Assert.Equal(SubRed, rv.PayloadType);
        Assert.Equal(Red(SubOpus, blocks, primary), rv.Payload.ToArray());

        var unwrapped = Assert.Single(s.OpusSink.Rtp);
        Assert.True(RtpPacketView.TryParse(unwrapped, out var ov, out _));
        Assert.Equal(SubOpus, ov.PayloadType);
        Assert.Equal(primary, ov.Payload.ToArray());
        Assert.Equal(s.OpusDown.OctetsSent, primary.Length);
    }

    [Fact]
    public void Plain_opus_and_red_mix_keep_both_subscribers_contiguous_and_an_unparsable_red_packet_is_skipped_for_the_unwrapping_one()
    {
        var s = Create();
        Send(s, 1, PubOpus, Opus(30, 1));
        Send(s, 2, PubRed, Red(PubOpus, [(960, Opus(30, 1))], Opus(31, 2)));
        // Block length 0x3FF runs past the payload: RFC 2198 cannot be unwrapped.
        Send(s, 3, PubRed, [0x80 | PubOpus, 0x0F, 0x03, 0xFF, PubOpus, 1, 2, 3]);
        Send(s, 4, PubRed, Red(PubOpus, [(960, Opus(31, 2))], Opus(32, 3)));

        static List<(ushort Seq, byte Pt, uint Ts, byte[] Payload)> Read(RecordingSink sink) =>
            [.. sink.Rtp.Select(p => { RtpPacketView.TryParse(p, out var v, out _); return (v.SequenceNumber, v.PayloadType, v.Timestamp, v.Payload.ToArray()); })];
        var red = Read(s.RedSink);
        Assert.Equal([SubOpus, SubRed, SubRed, SubRed], red.Select(x => x.Pt));
        var opus = Read(s.OpusSink);
        Assert.Equal(3, opus.Count);
        Assert.All(opus, x => Assert.Equal(SubOpus, x.Pt));
        Assert.Equal([Opus(30, 1), Opus(31, 2), Opus(32, 3)], opus.Select(x => x.Payload));
        for (var i = 1; i < opus.Count; i++) Assert.Equal((ushort)(opus[i - 1].Seq + 1), opus[i].Seq);
        // The skipped packet's timestamp step remains: the unwrapped stream keeps the publisher's timing.
        Assert.Equal(960u * 3, opus[2].Ts - opus[0].Ts);
    }

    [Fact]
    public void Unwrapping_red_allocates_nothing()
    {
        var s = Create();
        var pool = s.Room.Pool;
        var packet = new byte[12 + 200];
        packet[0] = 0x80;
        packet[1] = PubRed;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), PublisherSsrc);
        Red(PubOpus, [(960, Opus(60, 1)), (1920, Opus(60, 2))], Opus(60, 3)).CopyTo(packet, 12);
        s.RedSink.Keep = s.OpusSink.Keep = false;
        ushort seq = 0;
        Send(s, seq++, PubRed, packet[12..]);
        var bytes = Allocation.Measure(10_000, () =>
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 960u * seq);
            seq++;
            var buffer = pool.Rent(packet, seq * 20_000L);
            s.Room.OnRtp(s.Publisher, buffer, seq * 20_000L);
            buffer.Release();
        });
        Assert.Equal(0, bytes);
        Assert.True(s.OpusDown.Forwarded > 10_000);
    }

    [Fact]
    public void Random_red_payloads_are_forwarded_whole_or_reduced_to_their_parsed_primary_block_never_more()
    {
        var s = Create();
        s.RedSink.Keep = s.OpusSink.Keep = true;
        ushort seq = 0;
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            s.OpusSink.Rtp.Clear();
            s.RedSink.Rtp.Clear();
            Send(s, ++seq, PubRed, bytes);
            var parsed = RedPayload.TryParse(bytes, out var red, out _) && red.Primary.PayloadType == PubOpus;
            if (!parsed) return s.OpusSink.Rtp.Count == 0;
            if (s.OpusSink.Rtp.Count != 1 || !RtpPacketView.TryParse(s.OpusSink.Rtp[0], out var v, out _)) return false;
            return v.PayloadType == SubOpus && v.Payload.SequenceEqual(red.Primary.Data) && s.RedSink.Rtp.Count == 1;
        }, iter: PropertyCases.Count, threads: 1); // one room, one thread: the engine is single-threaded by design
    }
}
