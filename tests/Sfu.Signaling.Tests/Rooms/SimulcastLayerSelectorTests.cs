using System.Buffers.Binary;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Signaling.Rooms;
using MediaKind = Sfu.Core.Media.MediaKind;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>
/// The room's layer choice, driven through the real engine: a publisher sends livekit-client's three rids
/// (q, h, f) bound by the mid and rid header extensions (RFC 8843 §15, RFC 8852 §3), a subscriber's
/// down-track asks the selector.
/// </summary>
public sealed class SimulcastLayerSelectorTests
{
    private const int MidId = 1;
    private const int RidId = 2;

    private sealed class NullSink : IMediaTransportSink
    {
        private readonly byte[] _buffer = new byte[2048];
        public Span<byte> GetBuffer(int minSize) => _buffer;
        public void Commit(PacketKind kind, int length) { }
        public ushort NextTransportSequenceNumber() => 0;
        public uint GetAbsSendTime(long nowUs) => 0;
    }

    private sealed class Setup
    {
        public required Room Room { get; init; }
        public required Participant Publisher { get; init; }
        public required PublishedTrack Track { get; init; }
        public required DownTrack DownTrack { get; init; }
        public required SimulcastLayerSelector Selector { get; init; }
        private readonly ushort[] _seq = new ushort[3];

        /// <summary>Arrival time of the last packet sent.</summary>
        public long Now { get; private set; }

        /// <summary>One VP8 packet of the rid's layer (SSRC 1000 + layer) at <paramref name="nowUs"/>.</summary>
        public void Send(int layer, long nowUs, bool keyFrame = true)
        {
            Now = nowUs;
            var rid = "qhf"[layer];
            var p = new byte[12 + 8 + 3];
            p[0] = 0x90; // RFC 3550 §5.1: V=2, X=1
            p[1] = 96;
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), ++_seq[layer]);
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), (uint)(nowUs / 11));
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), (uint)(1000 + layer));
            // RFC 8285 §4.2 one-byte header: 0xBEDE, length 1 word, mid "0" then rid.
            p[12] = 0xBE; p[13] = 0xDE; p[14] = 0; p[15] = 1;
            p[16] = (MidId << 4) | 0; p[17] = (byte)'0';
            p[18] = (RidId << 4) | 0; p[19] = (byte)rid;
            p[20] = 0x10; p[21] = (byte)(keyFrame ? 0x00 : 0x01); p[22] = 0x00; // VP8 descriptor (S=1), payload header (P=0: key frame)
            Room.OnRtp(Publisher, p, nowUs);
        }
    }

    private static Setup Create(string[]? rids = null, int[]? qualities = null)
    {
        var selector = new SimulcastLayerSelector();
        var room = new Room("r", new PacketBufferPool(), layerSelector: selector);
        var ext = new RtpHeaderExtensionMap();
        ext.Register(MidId, HeaderExtensionUris.Mid);
        ext.Register(RidId, HeaderExtensionUris.RtpStreamId);
        var publisher = room.AddParticipant("pub", new NullSink());
        var track = room.Publish(publisher, new PublishedTrackInfo
        {
            TrackId = "TR_cam",
            Kind = MediaKind.Video,
            Mid = "0",
            Codecs = [new TrackCodec(96, "VP8", 90000)],
            Extensions = ext,
            Rids = rids ?? ["q", "h", "f"],
            LayerQualities = qualities ?? [],
        });
        var subscriber = room.AddParticipant("sub", new NullSink());
        var down = room.Subscribe(subscriber, track, new DownTrackInfo
        {
            Ssrc = 77,
            Mid = "1",
            Codecs = [new TrackCodec(96, "VP8", 90000)],
            Extensions = new RtpHeaderExtensionMap(),
        }, 0);
        return new Setup { Room = room, Publisher = publisher, Track = track, DownTrack = down, Selector = selector };
    }

    [Fact]
    public void Picks_the_highest_live_layer_by_default()
    {
        var s = Create();
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }

    [Fact]
    public void A_layer_silent_for_more_than_500_ms_behind_the_freshest_is_not_chosen()
    {
        var s = Create();
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        s.Send(0, 1_600_000);
        s.Send(1, 1_600_000);
        Assert.Equal(1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Send(2, 1_650_000);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }

    [Fact]
    public void The_subscribers_quality_caps_the_layer_and_the_lowest_live_layer_is_the_fallback()
    {
        var s = Create();
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        s.Selector.SetMaxQuality(s.DownTrack, 0);
        Assert.Equal(0, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Selector.SetMaxQuality(s.DownTrack, 1);
        Assert.Equal(1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        // Only f is live: a LOW subscriber still gets a picture.
        s.Send(2, 3_000_000);
        s.Selector.SetMaxQuality(s.DownTrack, 0);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Selector.Remove(s.DownTrack);
        Assert.Equal(0, s.Selector.Count);
    }

    [Fact]
    public void Before_any_key_frame_no_layer_is_a_target()
    {
        var s = Create();
        Assert.Equal(-1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Send(2, 1_000_000, keyFrame: false);
        Assert.Equal(-1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Send(0, 1_010_000);
        Assert.Equal(0, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Send(2, 1_020_000);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }

    [Fact]
    public void A_layer_resuming_after_a_silence_is_a_target_only_after_its_key_frame()
    {
        var s = Create();
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        s.Send(0, 1_700_000);
        s.Send(2, 1_700_000, keyFrame: false);
        Assert.Equal(0, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Send(2, 1_710_000);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }

    [Fact]
    public void Quality_follows_livekit_client_rids()
    {
        var s = Create();
        Assert.Equal([0, 1, 2], s.Track.Layers.Select(SimulcastLayerSelector.QualityOf));
    }

    [Fact]
    public void Selecting_allocates_nothing()
    {
        var s = Create();
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        s.Selector.SetMaxQuality(s.DownTrack, 1);
        int sum = 0, calls = 0;
        var bytes = Allocation.Measure(10_000, () =>
        {
            sum += s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now);
            calls++;
        });
        Assert.Equal(0, bytes);
        Assert.Equal(calls, sum); // MEDIUM (layer 1) every time
    }

    [Fact]
    public void A_two_layer_publication_with_livekit_clients_layer_list_serves_h_as_its_top_to_HIGH_and_MEDIUM_subscribers()
    {
        // livekit-client, 480-959 px capture: rids q and h, layers LOW and MEDIUM (PublishedLayers maps them).
        var s = Create(["q", "h"], [0, 1]);
        Assert.Equal([0, 1], s.Track.Layers.Select(SimulcastLayerSelector.QualityOf));
        s.Send(0, 1_000_000);
        s.Send(1, 1_000_000);
        Assert.Equal(1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now)); // HIGH asked: h, the top
        s.Selector.SetMaxQuality(s.DownTrack, 1);
        Assert.Equal(1, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
        s.Selector.SetMaxQuality(s.DownTrack, 0);
        Assert.Equal(0, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }

    [Fact]
    public void Layer_qualities_from_the_layer_list_override_the_offer_order()
    {
        // A publisher listing its encodings highest first: the layer list, not the position, ranks them.
        var s = Create(["f", "h", "q"], [2, 1, 0]);
        for (var layer = 0; layer < 3; layer++) s.Send(layer, 1_000_000);
        Assert.Equal(0, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now)); // f is index 0 here
        s.Selector.SetMaxQuality(s.DownTrack, 0);
        Assert.Equal(2, s.Selector.SelectLayer(s.DownTrack, s.Track, s.Now));
    }
}
