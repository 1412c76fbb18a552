using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// VP8 temporal-layer dropping (RFC 7741 §4.2 TID and Y) for subscribers asking a lower frame rate: frames above
/// the cap are dropped, moving up happens one layer at a time at layer-sync frames, and the subscriber sees one
/// continuous stream (sequence numbers, picture ids +1 per frame, TL0PICIDX +1 per TID 0 frame).
/// </summary>
public class TemporalLayerTests
{
    private static List<(long Ms, int Tid, bool Sync)> Frames(SimSubscriber sub) =>
        [.. sub.Media.Where(m => m.FrameStart).Select(m => (m.ArrivalUs / 1000, m.Tid, m.Sync))];

    [Fact]
    public void Frames_above_the_requested_temporal_layer_are_dropped_and_the_stream_stays_continuous()
    {
        var h = new SimHarness(seed: 12);
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x3000, "0", seed: 121);
        pub.TemporalLayers = 3;
        pub.Active[0] = true;
        pub.KeyFrameAt(0, 0);
        pub.AnswerPli = true;
        var (_, fullSub) = h.Subscribe(h.AddSubscriberParticipant("full"), track, 0xA1);
        var (base0, baseSub) = h.Subscribe(h.AddSubscriberParticipant("base"), track, 0xB1);
        var (up, upSub) = h.Subscribe(h.AddSubscriberParticipant("up"), track, 0xC1);
        var (down, downSub) = h.Subscribe(h.AddSubscriberParticipant("down"), track, 0xD1);
        base0.SetMaxTemporalLayer(0);
        up.SetMaxTemporalLayer(0);
        h.Run(1000);
        up.SetMaxTemporalLayer(2);
        down.SetMaxTemporalLayer(1);
        h.Run(2000);
        pub.Active[0] = false; // let what is in flight arrive, so counts compare
        h.Run(2100);

        foreach (var sub in new[] { fullSub, baseSub, upSub, downSub }) SimulcastSwitchingTests.AssertOneContinuousStream(sub);

        var full = Frames(fullSub);
        Assert.Equal([0, 1, 2], full.Select(f => f.Tid).Distinct().Order());
        var baseFrames = Frames(baseSub);
        Assert.All(baseFrames, f => Assert.Equal(0, f.Tid));
        Assert.Equal(full.Count(f => f.Tid == 0), baseFrames.Count);
        Assert.Equal(full.Count - baseFrames.Count, base0.TemporalFramesDropped);

        // Up: TID 0 only until the cap is raised, then one layer at a time, each first at a layer-sync frame.
        var upFrames = Frames(upSub);
        Assert.All(upFrames.Where(f => f.Ms < 1000), f => Assert.Equal(0, f.Tid));
        var highest = 0;
        foreach (var f in upFrames)
        {
            if (f.Tid <= highest) continue;
            Assert.Equal(highest + 1, f.Tid);
            Assert.True(f.Sync, $"temporal layer {f.Tid} started at {f.Ms} ms on a frame without the layer-sync bit");
            highest = f.Tid;
        }
        Assert.Equal(2, highest);
        Assert.Equal(full.Count(f => f.Ms > 1200), upFrames.Count(f => f.Ms > 1200));

        // Down: TID 2 gone from the next frame on, TID 1 kept.
        var downFrames = Frames(downSub).Where(f => f.Ms > 1100).ToList();
        Assert.DoesNotContain(downFrames, f => f.Tid == 2);
        Assert.Contains(downFrames, f => f.Tid == 1);
        Assert.True(down.TemporalFramesDropped > 0);
    }

    [Fact]
    public void A_frame_rate_request_caps_the_temporal_layers_at_the_rates_measured_per_layer()
    {
        // 30 fps L1T3: TID 0 is 7.5 fps, TID 0-1 15 fps, all 30 fps (measured over one-second windows).
        var h = new SimHarness(seed: 14);
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x3100, "0", seed: 141);
        pub.TemporalLayers = 3;
        pub.Active[0] = true;
        pub.KeyFrameAt(0, 0);
        var (_, fullSub) = h.Subscribe(h.AddSubscriberParticipant("full"), track, 0xA1);
        var (half, halfSub) = h.Subscribe(h.AddSubscriberParticipant("half"), track, 0xB1);
        var (quarter, quarterSub) = h.Subscribe(h.AddSubscriberParticipant("quarter"), track, 0xC1);
        var (more, moreSub) = h.Subscribe(h.AddSubscriberParticipant("more"), track, 0xD1);
        half.SetMaxFrameRate(15);
        quarter.SetMaxFrameRate(5);
        more.SetMaxFrameRate(60); // above what is sent: everything
        h.Run(3000);
        quarter.SetMaxFrameRate(0); // lifted: back up one layer at a time
        h.Run(4000);
        pub.Active[0] = false;
        h.Run(4100);

        foreach (var sub in new[] { fullSub, halfSub, quarterSub, moreSub }) SimulcastSwitchingTests.AssertOneContinuousStream(sub);
        var layer = track.Layers[0];
        Assert.Equal(2, layer.FrameRates.MaxTemporalId);
        Assert.InRange(layer.FrameRates.FrameRateUpTo(0), 6.5, 8.5);
        Assert.InRange(layer.FrameRates.FrameRateUpTo(1), 14, 16);
        Assert.InRange(layer.FrameRates.FrameRateUpTo(2), 28, 32);
        Assert.Equal(1, LayerTargets.TemporalCapFor(layer, 15));
        Assert.Equal(0, LayerTargets.TemporalCapFor(layer, 7));
        Assert.Equal(int.MaxValue, LayerTargets.TemporalCapFor(layer, 24));
        Assert.Equal(int.MaxValue, LayerTargets.TemporalCapFor(layer, 0));

        // Until the first window is measured everyone gets every frame; afterwards the caps hold.
        var full = Frames(fullSub);
        var settled = full.Where(f => f.Ms is > 1200 and < 3000).ToList();
        var halfFrames = Frames(halfSub).Where(f => f.Ms is > 1200 and < 3000).ToList();
        Assert.All(halfFrames, f => Assert.True(f.Tid <= 1, $"TID {f.Tid} at {f.Ms} ms for a 15 fps request"));
        Assert.Equal(settled.Count(f => f.Tid <= 1), halfFrames.Count);
        var quarterFrames = Frames(quarterSub).Where(f => f.Ms is > 1200 and < 3000).ToList();
        Assert.All(quarterFrames, f => Assert.Equal(0, f.Tid));
        Assert.Equal(settled.Count(f => f.Tid == 0), quarterFrames.Count);
        Assert.Equal(full.Count, Frames(moreSub).Count);
        Assert.Equal(0, more.TemporalFramesDropped);
        Assert.True(half.TemporalFramesDropped > 0);
        // Lifted at 3 s: TID 2 frames again by the end.
        Assert.Contains(Frames(quarterSub), f => f.Ms > 3200 && f.Tid == 2);
    }
}
