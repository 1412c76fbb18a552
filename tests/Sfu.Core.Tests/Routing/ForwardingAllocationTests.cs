using System.Buffers.Binary;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Routing;

public class ForwardingAllocationTests
{
    /// <summary>A sink that keeps nothing: the last packet per SSRC is visible for the test's NACKs.</summary>
    private sealed class CountingSink : IMediaTransportSink
    {
        private readonly byte[] _buffer = new byte[2048];
        private ushort _twcc;
        public long Rtp;
        public long Rtcp;
        public ushort LastSeq;

        public Span<byte> GetBuffer(int minSize) => _buffer;

        public void Commit(PacketKind kind, int length)
        {
            if (kind == PacketKind.Rtp)
            {
                Rtp++;
                LastSeq = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(2));
            }
            else Rtcp++;
        }

        public ushort NextTransportSequenceNumber() => ++_twcc;

        public uint GetAbsSendTime(long nowUs) => (uint)(nowUs >> 2) & 0xFFFFFF;
    }

    [Fact]
    public void Forwarding_ten_thousand_packets_to_four_subscribers_with_nack_rtx_and_feedback_allocates_nothing()
    {
        var pool = new PacketBufferPool();
        var room = new Room("alloc", pool);
        var publisherSink = new CountingSink();
        var publisher = room.AddParticipant("pub", publisherSink);
        var map = new RtpHeaderExtensionMap();
        map.Register(2, RtpExtensionUri.AbsSendTime);
        map.Register(3, RtpExtensionUri.TransportWideCc);
        map.Register(4, RtpExtensionUri.Mid);
        var track = room.Publish(publisher, new PublishedTrackInfo
        {
            TrackId = "v",
            Kind = MediaKind.Video,
            Mid = "0",
            Codecs = [new TrackCodec(96, "VP8", 90000, 97)],
            Extensions = map,
            Ssrcs = [0x1111],
            RtxSsrcs = [0x2222],
            Nack = true,
            Pli = true,
        });
        var sinks = new List<CountingSink>();
        var downTracks = new List<DownTrack>();
        for (var i = 0; i < 4; i++)
        {
            var sink = new CountingSink();
            sinks.Add(sink);
            var p = room.AddParticipant("s" + i, sink);
            var subMap = new RtpHeaderExtensionMap();
            subMap.Register(5, RtpExtensionUri.Mid);
            subMap.Register(6, RtpExtensionUri.TransportWideCc);
            subMap.Register(7, RtpExtensionUri.AbsSendTime);
            var rtx = i % 2 == 0;
            downTracks.Add(room.Subscribe(p, track, new DownTrackInfo
            {
                Ssrc = 0xA0u + (uint)i,
                RtxSsrc = rtx ? 0xB0u + (uint)i : 0,
                Mid = "m" + i,
                Codecs = [new TrackCodec(100, "VP8", 90000, rtx ? (byte)101 : (byte)0)],
                Extensions = subMap,
                Nack = true,
            }, 0));
        }

        var packet = new byte[1200];
        var rtxPacket = new byte[1300];
        var nack = new byte[16];
        nack[0] = 0x81;
        nack[1] = 205;
        nack[3] = 3;
        ushort seq = 1000;
        ushort rtxSeq = 1;
        long now = 0;
        var iteration = 0;

        void Build(ushort s, bool key)
        {
            packet[0] = 0x90;
            packet[1] = 96;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), s);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(s * 3000));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1111);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 3);
            packet[16] = 0x22; // abs-send-time, 3 bytes
            packet[20] = 0x31; // transport-cc, 2 bytes
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(21), s);
            packet[23] = 0x40; // mid "0"
            packet[24] = (byte)'0';
            packet[28] = 0x90; // VP8: X, S
            packet[29] = 0x80; // I
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(30), (ushort)(0x8000 | (s & 0x7FFF)));
            packet[32] = (byte)(key ? 0x10 : 0x11);
        }

        void Step()
        {
            iteration++;
            now += 3000;
            var s = seq++;
            Build(s, key: iteration == 1);
            if (iteration % 25 == 0)
            {
                // Lost upstream; it comes back as RTX a little later (the decapsulation path).
                RtpPacketView.TryParse(packet, out var view, out _);
                Rtx.TryEncapsulate(view, 97, 0x2222, rtxSeq++, rtxPacket, out var rtxLength);
                room.OnTick(now);
                Build((ushort)(s + 1), key: false);
                seq++;
                room.OnRtp(publisher, packet, now);
                room.OnRtp(publisher, rtxPacket.AsSpan(0, rtxLength), now + 1000);
            }
            else room.OnRtp(publisher, packet, now);
            if (iteration % 10 == 0)
            {
                // Each subscriber NACKs a packet sent 180 ms ago, twice (the second falls in the repeat guard).
                for (var i = 0; i < sinks.Count; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(nack.AsSpan(8), downTracks[i].Ssrc);
                    BinaryPrimitives.WriteUInt16BigEndian(nack.AsSpan(12), (ushort)(sinks[i].LastSeq - 60));
                    room.OnRtcp(downTracks[i].Subscriber, nack, now);
                    room.OnRtcp(downTracks[i].Subscriber, nack, now);
                }
                room.OnTick(now);
            }
        }

        for (var i = 0; i < 2000; i++) Step(); // warm up: pools, caches and histories at their working size
        var before = downTracks.Sum(d => d.Forwarded);
        var retransmittedBefore = downTracks.Sum(d => d.Retransmitted);
        var allocated = Allocation.Measure(10_000, Step);
        Assert.Equal(0, allocated);
        Assert.True(downTracks.Sum(d => d.Forwarded) - before >= 4 * 10_000);
        Assert.True(downTracks.Sum(d => d.Retransmitted) - retransmittedBefore > 1000, "NACK/RTX paths ran");
        Assert.True(publisherSink.Rtcp > 100, "feedback to the publisher ran");
        Assert.True(room.PacketsAccepted > 10_000);
    }
}
