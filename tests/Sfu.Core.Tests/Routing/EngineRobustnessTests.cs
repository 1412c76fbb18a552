using System.Buffers.Binary;
using CsCheck;
using Sfu.Core.Buffers;
using Sfu.Core.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Routing;

/// <summary>Hostile input into the engine (security.md §1.1 rows 22, 32, 33, 34, 37; §5.1 P1 and P4): nothing throws,
/// everything forwarded is a valid packet, nothing leaks from the pool.</summary>
public class EngineRobustnessTests
{
    private sealed class Setup
    {
        public Setup()
        {
            Room = new Room("fuzz", Pool);
            Publisher = Room.AddParticipant("pub", new RecordingSink());
            var map = new RtpHeaderExtensionMap();
            map.Register(2, RtpExtensionUri.AbsSendTime);
            map.Register(3, RtpExtensionUri.TransportWideCc);
            map.Register(4, RtpExtensionUri.Mid);
            map.Register(10, RtpExtensionUri.Rid);
            map.Register(11, RtpExtensionUri.RepairedRid);
            map.Register(1, RtpExtensionUri.AudioLevel);
            Video = Room.Publish(Publisher, new PublishedTrackInfo
            {
                TrackId = "v", Kind = MediaKind.Video, Mid = "0", Codecs = [new TrackCodec(96, "VP8", 90000, 97)], Extensions = map,
                Rids = ["q", "h"], Nack = true, Pli = true,
            });
            Audio = Room.Publish(Publisher, new PublishedTrackInfo
            {
                TrackId = "a", Kind = MediaKind.Audio, Mid = "1", Codecs = [new TrackCodec(111, "opus", 48000)], Extensions = map, Ssrcs = [0x3333],
            });
            Subscriber = Room.AddParticipant("sub", Sink);
            var subMap = new RtpHeaderExtensionMap();
            subMap.Register(5, RtpExtensionUri.Mid);
            subMap.Register(6, RtpExtensionUri.TransportWideCc);
            Room.Subscribe(Subscriber, Video, new DownTrackInfo { Ssrc = 0xA0, RtxSsrc = 0xA1, Mid = "v", Codecs = [new TrackCodec(100, "VP8", 90000, 101)], Extensions = subMap, Nack = true }, 0);
            Room.Subscribe(Subscriber, Audio, new DownTrackInfo { Ssrc = 0xB0, Mid = "a", Codecs = [new TrackCodec(109, "opus", 48000)], Extensions = subMap }, 0);
        }

        public PacketBufferPool Pool { get; } = new();
        public Room Room { get; }
        public Participant Publisher { get; }
        public Participant Subscriber { get; }
        public PublishedTrack Video { get; }
        public PublishedTrack Audio { get; }
        public RecordingSink Sink { get; } = new();
    }

    private static byte[] Valid(ushort seq, string rid = "q", uint ssrc = 0x1111)
    {
        var p = new byte[40];
        p[0] = 0x90;
        p[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(14), 2);
        p[16] = 0x40;
        p[17] = (byte)'0';
        p[18] = 0xA0;
        p[19] = (byte)rid[0];
        p[24] = 0x10; // VP8 S bit, key frame
        return p;
    }

    [Fact]
    public void Random_bytes_as_rtp_or_rtcp_never_throw_and_whatever_is_forwarded_parses()
    {
        var s = new Setup();
        long now = 0;
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            now += 1000;
            s.Room.OnRtp(s.Publisher, bytes, now);
            s.Room.OnRtcp(s.Publisher, bytes, now);
            s.Room.OnRtcp(s.Subscriber, bytes, now);
            if (now % 10_000 == 0) s.Room.OnTick(now);
        }, iter: PropertyCases.Count, threads: 1); // one room, one thread: the engine is single-threaded by design
        foreach (var p in s.Sink.Rtp) Assert.True(RtpPacketView.TryParse(p, out _, out _));
    }

    [Fact]
    public void Mutated_valid_packets_never_throw_and_the_pool_drains_when_everyone_leaves()
    {
        var s = new Setup();
        long now = 0;
        ushort seq = 0;
        Gen.Select(Gen.Int[0, 39], Gen.Byte, Gen.Int[-20, 20], Gen.Bool).Sample((index, value, resize, rtcp) =>
        {
            now += 1000;
            var p = Valid(seq++, seq % 3 == 0 ? "h" : "q");
            s.Room.OnRtp(s.Publisher, p, now); // a valid one, so state builds up
            p[index] ^= value;
            var length = Math.Clamp(p.Length + resize, 0, 60);
            var mutated = new byte[length];
            p.AsSpan(0, Math.Min(length, p.Length)).CopyTo(mutated);
            if (rtcp) s.Room.OnRtcp(s.Subscriber, mutated, now);
            else s.Room.OnRtp(s.Publisher, mutated, now);
            if (now % 10_000 == 0) s.Room.OnTick(now);
        }, iter: PropertyCases.Count, threads: 1); // one room, one thread: the engine is single-threaded by design
        foreach (var p in s.Sink.Rtp) Assert.True(RtpPacketView.TryParse(p, out _, out _));
        foreach (var p in s.Room.Participants.ToList()) s.Room.RemoveParticipant(p, now);
        Assert.Equal(0, s.Pool.Outstanding);
    }

    [Fact]
    public void Padding_length_larger_than_the_payload_is_dropped_as_malformed()
    {
        var s = new Setup();
        var p = Valid(1);
        p[0] |= 0x20;
        p[^1] = 200;
        Assert.Equal(PacketDropReason.Malformed, s.Room.OnRtp(s.Publisher, p, 1000));
        Assert.Equal(0, s.Pool.Outstanding);
    }

    [Fact]
    public void Report_counts_beyond_the_packet_nack_storms_and_huge_remb_exponents_are_harmless()
    {
        var s = new Setup();
        for (ushort i = 0; i < 50; i++) s.Room.OnRtp(s.Publisher, Valid(i), i * 1000L);
        // RR claiming 31 blocks in an 8-byte packet (Janus PR #3652).
        var rr = new byte[8];
        rr[0] = 0x9F;
        rr[1] = 201;
        rr[3] = 1;
        Assert.Equal(PacketDropReason.Truncated, s.Room.OnRtcp(s.Subscriber, rr, 60_000));
        // A NACK with 300 FCI entries all bitmask-full: bounded work, bounded answers (3 per packet).
        var fci = Enumerable.Range(0, 300).Select(i => (ushort)i).ToList();
        var nack = SimRtcp.Nack(1, 0xA0, fci);
        for (var i = 0; i < nack.Length - 12; i += 4) { nack[14 + i] = 0xFF; nack[15 + i] = 0xFF; }
        var before = s.Sink.Rtp.Count;
        for (var k = 0; k < 10; k++) s.Room.OnRtcp(s.Subscriber, nack, 200_000 + k * 200_000);
        Assert.True(s.Sink.Rtp.Count - before <= 3 * 50);
        // REMB with exponent 63.
        var remb = new byte[24];
        remb[0] = 0x8F;
        remb[1] = 206;
        remb[3] = 5;
        "REMB"u8.CopyTo(remb.AsSpan(12));
        remb[16] = 1;
        remb[17] = 0xFF;
        s.Room.OnRtcp(s.Subscriber, remb, 3_000_000);
        Assert.Equal(long.MaxValue, s.Subscriber.SubscriberRembBitrate);
        // Length field pointing past the datagram.
        var bad = new byte[8];
        bad[0] = 0x80;
        bad[1] = 200;
        bad[3] = 40;
        Assert.Equal(PacketDropReason.Truncated, s.Room.OnRtcp(s.Subscriber, bad, 3_000_000));
    }

    [Fact]
    public void Ssrcs_are_learnt_only_for_known_mids_and_rids_so_random_ssrcs_cannot_grow_the_table()
    {
        var s = new Setup();
        for (uint i = 0; i < 1000; i++)
        {
            var p = Valid((ushort)i, ssrc: 0x10000 + i);
            p[17] = (byte)'9'; // unknown mid
            Assert.Equal(PacketDropReason.UnknownSsrc, s.Room.OnRtp(s.Publisher, p, i * 1000L));
        }
        Assert.Equal(0u, s.Video.Layers[0].Ssrc);
        Assert.Equal(PacketDropReason.None, s.Room.OnRtp(s.Publisher, Valid(1, "h", 0x7777), 2_000_000));
        Assert.Equal(0x7777u, s.Video.Layers[1].Ssrc);
    }
}
