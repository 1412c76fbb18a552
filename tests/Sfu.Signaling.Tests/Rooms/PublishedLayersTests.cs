using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>
/// rids map to qualities through the publisher's layer list (AddTrackRequest.layers), never a fixed q/h/f
/// table, and TrackInfo.layers goes back out with each layer's rid, spatial index and SSRC where known.
/// </summary>
public sealed class PublishedLayersTests
{
    private static VideoLayer Layer(VideoQuality q, uint width, string rid = "") =>
        new() { Quality = q, Width = width, Height = width * 9 / 16, Bitrate = width * 1000, Rid = rid };

    // livekit-client's layers for a 1280x720 camera: q, h, f as LOW, MEDIUM, HIGH, no rid named.
    private static readonly VideoLayer[] ThreeLayers = [Layer(VideoQuality.Low, 320), Layer(VideoQuality.Medium, 640), Layer(VideoQuality.High, 1280)];

    [Fact]
    public void Three_livekit_client_layers_map_q_h_f_to_low_medium_high()
    {
        Assert.Equal([0, 1, 2], PublishedLayers.QualitiesFor(["q", "h", "f"], ThreeLayers));
        // The layer list's own order does not matter: ranks do.
        Assert.Equal([0, 1, 2], PublishedLayers.QualitiesFor(["q", "h", "f"], [.. ThreeLayers.Reverse()]));
    }

    [Fact]
    public void A_two_layer_publication_names_its_top_layer_h_and_h_carries_the_top_quality_listed()
    {
        // livekit-client for a 480-959 px capture: encodings q and h, layers LOW and MEDIUM.
        VideoLayer[] layers = [Layer(VideoQuality.Low, 320), Layer(VideoQuality.Medium, 640)];
        Assert.Equal([0, 1], PublishedLayers.QualitiesFor(["q", "h"], layers));
        // Any names: the offer's order (lowest first) takes the ranks.
        Assert.Equal([0, 1], PublishedLayers.QualitiesFor(["lo", "hi"], layers));
    }

    [Fact]
    public void A_layer_that_names_its_rid_wins_over_ranks_and_extra_rids_rank_above_every_layer()
    {
        VideoLayer[] named = [Layer(VideoQuality.High, 1280, "a"), Layer(VideoQuality.Low, 320, "c"), Layer(VideoQuality.Medium, 640, "b")];
        Assert.Equal([2, 1, 0], PublishedLayers.QualitiesFor(["a", "b", "c"], named));
        Assert.Equal([0, 1, 2], PublishedLayers.QualitiesFor(["q", "h", "f"], [Layer(VideoQuality.Low, 320), Layer(VideoQuality.Medium, 640)]));
        Assert.Empty(PublishedLayers.QualitiesFor([], ThreeLayers));
    }

    [Fact]
    public void Described_layers_carry_rid_spatial_index_and_the_ssrc_a_single_stream_announced()
    {
        var rids = new[] { "q", "h", "f" };
        var described = PublishedLayers.Describe(ThreeLayers, rids, PublishedLayers.QualitiesFor(rids, ThreeLayers), [], []);
        Assert.Equal(["q", "h", "f"], described.Select(l => l.Rid));
        Assert.Equal([0, 1, 2], described.Select(l => l.SpatialLayer));
        Assert.Equal([320u, 640u, 1280u], described.Select(l => l.Width));
        Assert.Equal([320_000u, 640_000u, 1_280_000u], described.Select(l => l.Bitrate));
        Assert.All(described, l => Assert.Equal(0u, l.Ssrc)); // rid streams are bound later, from the rid extension

        var single = PublishedLayers.Describe([Layer(VideoQuality.High, 640)], [], [], [1234u], [5678u]);
        Assert.Equal(1234u, Assert.Single(single).Ssrc);
        Assert.Equal(5678u, single[0].RepairSsrc);
    }

    [Fact]
    public void Width_and_height_requests_pick_the_smallest_layer_covering_both()
    {
        var request = new AddTrackRequest { Cid = "c", Type = TrackType.Video };
        request.Layers.AddRange(ThreeLayers);
        var track = TrackFor(request);
        Assert.Equal(0, RtcRoom.QualityFor(track, new UpdateTrackSettings { Width = 300 }));
        Assert.Equal(1, RtcRoom.QualityFor(track, new UpdateTrackSettings { Width = 321 }));
        Assert.Equal(1, RtcRoom.QualityFor(track, new UpdateTrackSettings { Height = 300 }));
        Assert.Equal(2, RtcRoom.QualityFor(track, new UpdateTrackSettings { Width = 640, Height = 400 }));
        Assert.Equal(2, RtcRoom.QualityFor(track, new UpdateTrackSettings { Width = 4000 }));
    }

    private static RtcTrack TrackFor(AddTrackRequest request) =>
        new(null!, "TR_x", request.Cid, new TrackInfo { Sid = "TR_x", Type = TrackType.Video }, request);
}
