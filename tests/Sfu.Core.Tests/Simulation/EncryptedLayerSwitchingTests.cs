using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// Simulcast switching on end-to-end encrypted tracks (insertable streams): every byte of the frame after the
/// clear prefix is random, and the engine's key-frame and layer decisions must come from RTP metadata alone
/// (the VP8 payload descriptor, the dependency descriptor extension) plus, for VP8 without a dependency
/// descriptor, the one frame byte livekit-client's frame cryptor leaves in clear for that purpose.
/// </summary>
public class EncryptedLayerSwitchingTests
{
    private static (long Start, int Tag)[] Segments(SimSubscriber sub)
    {
        var segments = new List<(long, int)>();
        foreach (var m in sub.Media)
        {
            if (segments.Count == 0 || segments[^1].Item2 != m.Tag) segments.Add((m.ArrivalUs / 1000, m.Tag));
        }
        return [.. segments];
    }

    // q from the start, h from 1 s (key frame at 1300 ms), f from 2 s (2200 ms), f stopping at 3 s (h again at 3700 ms).
    private static (SimSubscriber High, SimSubscriber Low, DownTrack HighTrack) RunScenario(int seed, Action<SimSimulcastPublisher> configure)
    {
        var selector = new SimLayerSelector();
        var h = new SimHarness(seed: seed, layerSelector: selector);
        var pubP = h.AddPublisherParticipant("alice");
        var (track, pub) = h.PublishSimulcast(pubP, 0x5000, "0", seed: seed * 10 + 1, configure);
        pub.TemporalLayers = 3;
        pub.Active[0] = true;
        pub.KeyFrameAt(0, 0);
        pub.KeyFrameAt(1, 1300);
        pub.KeyFrameAt(2, 2200);
        pub.KeyFrameAt(1, 3700);
        var (high, highSub) = h.Subscribe(h.AddSubscriberParticipant("high"), track, 0xA1);
        var (low, lowSub) = h.Subscribe(h.AddSubscriberParticipant("low"), track, 0xB1);
        selector.Request(low, 0);
        low.SetMaxTemporalLayer(0);
        h.Run(1000);
        pub.Active[1] = true;
        h.Run(2000);
        pub.Active[2] = true;
        h.Run(3000);
        pub.Active[2] = false;
        h.Run(4500);
        return (highSub, lowSub, high);
    }

    [Fact]
    public void With_livekit_clients_clear_prefix_switches_land_on_key_frames_and_temporal_layers_are_dropped_by_TID()
    {
        // livekit-client (FrameCryptor): the VP8 payload descriptor is the packetizer's, outside the encrypted
        // frame; the frame's first bytes stay clear (10 on key frames, 3 on delta frames), the rest is ciphertext.
        var (high, low, highTrack) = RunScenario(21, p => p.EndToEndEncrypted = true);
        SimulcastSwitchingTests.AssertOneContinuousStream(high);
        SimulcastSwitchingTests.AssertOneContinuousStream(low);
        var up = Segments(high);
        Assert.Equal([0, 1, 2, 1], up.Select(s => s.Tag));
        Assert.InRange(up[1].Start, 1300, 1400);
        Assert.InRange(up[2].Start, 2200, 2300);
        Assert.InRange(up[3].Start, 3700, 3800);
        Assert.Equal(4, highTrack.LayerSwitches);
        Assert.Equal([0], Segments(low).Select(s => s.Tag));
        Assert.All(low.Media.Where(m => m.FrameStart), m => Assert.Equal(0, m.Tid));
    }

    [Fact]
    public void With_the_whole_frame_encrypted_the_dependency_descriptor_alone_decides_key_frames()
    {
        // No clear prefix at all (the VP8 key-frame bit is random): only the dependency descriptor's template
        // structure, an RTP header extension, says where key frames start.
        var (high, low, highTrack) = RunScenario(22, p =>
        {
            p.EndToEndEncrypted = true;
            p.EncryptedFrameHeader = true;
            p.DependencyDescriptor = true;
        });
        SimulcastSwitchingTests.AssertOneContinuousStream(high);
        SimulcastSwitchingTests.AssertOneContinuousStream(low);
        var up = Segments(high);
        Assert.Equal([0, 1, 2, 1], up.Select(s => s.Tag));
        Assert.InRange(up[1].Start, 1300, 1400);
        Assert.InRange(up[2].Start, 2200, 2300);
        Assert.InRange(up[3].Start, 3700, 3800);
        Assert.Equal(4, highTrack.LayerSwitches);
        Assert.All(low.Media.Where(m => m.FrameStart), m => Assert.Equal(0, m.Tid));
    }

    [Fact]
    public void Control_the_same_stream_on_a_track_not_marked_encrypted_is_switched_on_the_random_byte()
    {
        // The track does not say it is encrypted: the engine reads the VP8 key-frame bit, here ciphertext, and
        // starts or switches on frames that are not key frames. This is what the encrypted path prevents, and
        // shows the test above can fail.
        var (high, _, _) = RunScenario(22, p =>
        {
            p.EncryptedFrameHeader = true;
            p.DependencyDescriptor = true;
        });
        var media = high.Media;
        var wrong = !media[0].KeyFrame;
        for (var i = 1; i < media.Count; i++) wrong |= media[i].Tag != media[i - 1].Tag && !media[i].KeyFrame;
        Assert.True(wrong, "every switch landed on a key frame although the key-frame bit was random");
    }
}
