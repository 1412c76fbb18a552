using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;

namespace Sfu.Benchmarks;

/// <summary>
/// A three-layer simulcast track (q, h, f) forwarded to N subscribers whose requests are LOW, MEDIUM and HIGH in
/// turn, through the real engine without SRTP: per packet, every down-track either forwards it (its layer) or
/// asks the layer selector for its target and skips it. One operation = one packet on each of the three layers.
/// </summary>
[MemoryDiagnoser]
public class SimulcastFanoutBenchmarks
{
    /// <summary>A subscriber transport that only counts (the SRTP cost is measured by <see cref="FanoutBenchmarks"/>).</summary>
    private sealed class CountingSink : IMediaTransportSink
    {
        private readonly byte[] _buffer = new byte[2048];
        private ushort _twcc;

        public long Packets { get; private set; }

        public Span<byte> GetBuffer(int minSize) => _buffer;

        public void Commit(PacketKind kind, int length) => Packets++;

        public ushort NextTransportSequenceNumber() => ++_twcc;

        public uint GetAbsSendTime(long nowUs) => (uint)(nowUs >> 4);
    }

    /// <summary>A requested quality per down-track, targets from <see cref="LayerTargets.BestLive"/> (as the room's selector).</summary>
    private sealed class RequestSelector : ILayerSelector
    {
        public Dictionary<DownTrack, int> Requested { get; } = [];

        public int SelectLayer(DownTrack downTrack, PublishedTrack track, long nowUs) =>
            LayerTargets.BestLive(track, Requested.TryGetValue(downTrack, out var q) ? q : 2, nowUs);
    }

    private readonly byte[][] _packets = [new byte[1200], new byte[1200], new byte[1200]];
    private readonly ushort[] _seq = [1000, 2000, 3000];
    private Room _room = null!;
    private Participant _publisher = null!;
    private long _now;

    [Params(10, 100)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var selector = new RequestSelector();
        _room = new Room("bench", new PacketBufferPool(preallocate: 2048), layerSelector: selector);
        _publisher = _room.AddParticipant("pub", new CountingSink());
        var map = new RtpHeaderExtensionMap();
        map.Register(3, RtpExtensionUri.TransportWideCc);
        map.Register(4, RtpExtensionUri.Mid);
        var track = _room.Publish(_publisher, new PublishedTrackInfo
        {
            TrackId = "v", Kind = MediaKind.Video, Mid = "0", Codecs = [new TrackCodec(96, "VP8", 90000)],
            Extensions = map, Ssrcs = [0x1111, 0x1112, 0x1113], Rids = ["q", "h", "f"], Nack = true, Pli = true,
        });
        for (var i = 0; i < Subscribers; i++)
        {
            var p = _room.AddParticipant("s" + i, new CountingSink());
            var subMap = new RtpHeaderExtensionMap();
            subMap.Register(1, RtpExtensionUri.Mid);
            subMap.Register(5, RtpExtensionUri.TransportWideCc);
            var down = _room.Subscribe(p, track, new DownTrackInfo
            {
                Ssrc = 0x10000u + (uint)i, Mid = "1", Codecs = [new TrackCodec(100, "VP8", 90000)], Extensions = subMap, Nack = true,
            }, 0);
            selector.Requested[down] = i % 3;
        }
        for (var l = 0; l < 3; l++)
        {
            var packet = _packets[l];
            packet[0] = 0x90;
            packet[1] = 96;
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1111u + (uint)l);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 2);
            packet[16] = 0x31; // transport-cc, 2 bytes at 17
            packet[19] = 0x40; // mid "0"
            packet[20] = (byte)'0';
            packet[24] = 0x90; // VP8: X, S
            packet[25] = 0x80; // I
            packet[28] = 0x10; // payload header: key frame (every packet, so every layer stays live)
        }
        for (var i = 0; i < 4; i++) ForwardThreeLayers();
        foreach (var d in track.DownTracks)
        {
            if (d.CurrentLayer != selector.Requested[d]) throw new InvalidOperationException($"down-track on layer {d.CurrentLayer}, requested {selector.Requested[d]}");
        }
    }

    [Benchmark]
    public void ForwardThreeLayers()
    {
        _now += 1000;
        for (var l = 0; l < 3; l++)
        {
            var packet = _packets[l];
            var seq = _seq[l]++;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 3000u);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(17), seq);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(26), (ushort)(0x8000 | (seq & 0x7FFF)));
            _room.OnRtp(_publisher, packet, _now);
        }
        if ((_seq[0] & 15) == 0) _room.OnTick(_now);
    }
}
