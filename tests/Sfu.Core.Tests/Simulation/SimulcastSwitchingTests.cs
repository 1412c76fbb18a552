using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// Three simulated layers (q, h, f) starting, stopping and sending key frames at chosen times: each subscriber
/// receives the best live layer at or below its request, switches only at key frames, asks for them with PLI,
/// and sees one continuous stream (sequence numbers, timestamps, picture ids, TL0PICIDX).
/// </summary>
public class SimulcastSwitchingTests
{
    private const int Low = 0, Medium = 1, High = 2;

    private static (long Start, int Tag)[] Segments(SimSubscriber sub)
    {
        var segments = new List<(long, int)>();
        foreach (var m in sub.Media)
        {
            if (segments.Count == 0 || segments[^1].Item2 != m.Tag) segments.Add((m.ArrivalUs / 1000, m.Tag));
        }
        return [.. segments];
    }

    /// <summary>Every layer change is at the first packet of a key frame; the stream is one continuous stream (sequence
    /// numbers, timestamps, picture ids +1 per frame, TL0PICIDX +1 per TID 0 frame).</summary>
    internal static void AssertOneContinuousStream(SimSubscriber sub)
    {
        Assert.Empty(sub.ViolationLog);
        Assert.Empty(sub.Gaps());
        Assert.Equal(0, sub.Fillers);
        var media = sub.Media;
        Assert.True(media.Count > 0);
        Assert.True(media[0].KeyFrame, "the first packet forwarded starts a key frame");
        for (var i = 1; i < media.Count; i++)
        {
            var (prev, cur) = (media[i - 1], media[i]);
            Assert.Equal(prev.Seq + 1, cur.Seq);
            if (cur.Tag != prev.Tag) Assert.True(cur.KeyFrame, $"switch {prev.Tag}->{cur.Tag} at {cur.ArrivalUs / 1000} ms without a key frame");
            var dts = cur.Timestamp - prev.Timestamp;
            Assert.True(dts < 90_000 * 2, $"timestamp went back or jumped by {dts} at {cur.ArrivalUs / 1000} ms");
            if (cur.FrameStart) Assert.True(dts > 0, $"a new frame has the previous frame's timestamp at {cur.ArrivalUs / 1000} ms");
            else Assert.Equal(prev.Timestamp, cur.Timestamp);
        }
        var starts = media.Where(m => m.FrameStart).ToList();
        for (var i = 1; i < starts.Count; i++)
        {
            Assert.Equal((starts[i - 1].PictureId + 1) & 0x7FFF, starts[i].PictureId);
            Assert.Equal((starts[i - 1].Tl0 + (starts[i].Tid <= 0 ? 1 : 0)) & 0xFF, starts[i].Tl0); // TL0PICIDX counts TID 0 frames
        }
    }

    [Fact]
    public void Subscribers_follow_the_best_live_layer_at_or_below_their_request_switching_only_at_key_frames()
    {
        var selector = new SimLayerSelector();
        var h = new SimHarness(seed: 9, layerSelector: selector);
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x1000, "0", seed: 91);
        pub.Active[0] = true;
        pub.KeyFrameAt(0, 0);
        pub.KeyFrameAt(1, 1300);
        pub.KeyFrameAt(2, 2200);
        pub.KeyFrameAt(1, 3700);
        var (high, highSub) = h.Subscribe(h.AddSubscriberParticipant("high"), track, 0xA1);
        var (medium, mediumSub) = h.Subscribe(h.AddSubscriberParticipant("medium"), track, 0xB1);
        var (low, lowSub) = h.Subscribe(h.AddSubscriberParticipant("low"), track, 0xC1);
        selector.Request(medium, Medium);
        selector.Request(low, Low);

        h.Run(1000);
        pub.Active[1] = true; // h appears, its first key frame at 1300 ms
        h.Run(2000);
        pub.Active[2] = true; // f appears, its first key frame at 2200 ms
        h.Run(3000);
        pub.Active[2] = false; // f stops: dead after 500 ms, then h at its next key frame (3700 ms)
        h.Run(4500);

        AssertOneContinuousStream(highSub);
        AssertOneContinuousStream(mediumSub);
        AssertOneContinuousStream(lowSub);
        var up = Segments(highSub);
        Assert.Equal([0, 1, 2, 1], up.Select(s => s.Tag));
        Assert.InRange(up[1].Start, 1300, 1400);
        Assert.InRange(up[2].Start, 2200, 2300);
        Assert.InRange(up[3].Start, 3700, 3800);
        var mid = Segments(mediumSub);
        Assert.Equal([0, 1], mid.Select(s => s.Tag));
        Assert.InRange(mid[1].Start, 1300, 1400);
        Assert.Equal([0], Segments(lowSub).Select(s => s.Tag));
        Assert.Equal(1, high.CurrentLayer);

        // Key frames were asked for: h and f while they were sent without one, h again once f had stopped.
        Assert.Contains(pub.Plis, p => p.Layer == 1 && p.TimeUs is > 1_000_000 and < 1_300_000);
        Assert.Contains(pub.Plis, p => p.Layer == 2 && p.TimeUs is > 2_000_000 and < 2_200_000);
        Assert.Contains(pub.Plis, p => p.Layer == 1 && p.TimeUs is > 3_500_000 and < 3_700_000);
        // The first layer counts as a switch: high q->h->f->h, medium q->h, low q only.
        Assert.Equal(4, high.LayerSwitches);
        Assert.Equal(2, medium.LayerSwitches);
        Assert.Equal(1, low.LayerSwitches);
    }

    [Fact]
    public void Forwarding_starts_at_the_first_key_frame_of_any_layer_and_moves_to_the_request_at_its_key_frame()
    {
        var selector = new SimLayerSelector();
        var h = new SimHarness(seed: 10, layerSelector: selector);
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x2000, "0", seed: 101);
        pub.Active[0] = pub.Active[1] = pub.Active[2] = true;
        pub.KeyFrameAt(1, 0);
        pub.KeyFrameAt(0, 400);
        pub.KeyFrameAt(2, 800);
        var (low, lowSub) = h.Subscribe(h.AddSubscriberParticipant("low"), track, 0xA1);
        var (_, highSub) = h.Subscribe(h.AddSubscriberParticipant("high"), track, 0xB1);
        selector.Request(low, Low);
        h.Run(1500);

        AssertOneContinuousStream(lowSub);
        AssertOneContinuousStream(highSub);
        var lowSegments = Segments(lowSub);
        Assert.Equal([1, 0], lowSegments.Select(s => s.Tag));
        Assert.True(lowSegments[0].Start < 100, $"first packet at {lowSegments[0].Start} ms");
        Assert.InRange(lowSegments[1].Start, 400, 500);
        var highSegments = Segments(highSub);
        Assert.Equal([1, 2], highSegments.Select(s => s.Tag));
        Assert.True(highSegments[0].Start < 100);
        Assert.InRange(highSegments[1].Start, 800, 900);
        Assert.Equal(0, track.Layers[0].Epoch);
    }

    [Fact]
    public void Switching_keeps_the_stream_continuous_over_a_lossy_reordering_publisher_link()
    {
        var selector = new SimLayerSelector();
        var h = new SimHarness(seed: 13, layerSelector: selector);
        h.Up.Loss = 0.03;
        h.Up.JitterMs = 15;
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x4000, "0", seed: 131);
        pub.Active[0] = true;
        pub.KeyFrameAt(0, 0);
        pub.KeyFrameAt(1, 1300);
        pub.KeyFrameAt(2, 2200);
        pub.KeyFrameAt(1, 3700);
        var (_, sub) = h.Subscribe(h.AddSubscriberParticipant("high"), track, 0xA1);
        h.Run(1000);
        pub.Active[1] = true;
        h.Run(2000);
        pub.Active[2] = true;
        h.Run(3000);
        pub.Active[2] = false;
        h.Run(4500);

        // Lost publisher packets are not retransmitted by this publisher: the engine gives up on them and the
        // subscriber's sequence stays contiguous (fillers close the holes), and switches still land on key frames.
        Assert.Empty(sub.ViolationLog);
        Assert.Empty(sub.Gaps());
        var media = sub.Media;
        for (var i = 1; i < media.Count; i++)
        {
            if (media[i].Tag != media[i - 1].Tag) Assert.True(media[i].KeyFrame, $"switch at {media[i].ArrivalUs / 1000} ms without a key frame");
        }
        Assert.Equal([0, 1, 2, 1], Segments(sub).Select(x => x.Tag));
    }
}
