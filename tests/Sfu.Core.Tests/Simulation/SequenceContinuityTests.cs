using Sfu.Core.Media;
using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

public class SequenceContinuityTests
{
    [Fact]
    public void Clean_network_delivers_every_packet_contiguously_with_subscriber_ids()
    {
        var h = new SimHarness(seed: 1);
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: 11);
        var (audio, apub) = h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: 12);
        var subP = h.AddSubscriberParticipant("bob");
        var (_, vsub) = h.Subscribe(subP, video, 0xA1, 0xA2);
        var (_, asub) = h.Subscribe(subP, audio, 0xB1);
        h.Run(3000);

        Assert.Empty(vsub.ViolationLog);
        Assert.Empty(asub.ViolationLog);
        Assert.Empty(vsub.Gaps());
        Assert.Empty(asub.Gaps());
        Assert.True(vsub.MediaPackets > 200, $"video packets {vsub.MediaPackets}");
        Assert.True(asub.MediaPackets > 140, $"audio packets {asub.MediaPackets}");
        Assert.Equal(0, vsub.Fillers);
        _ = vpub;
        _ = apub;
    }

    [Fact]
    public void Mute_pause_and_publisher_restart_keep_sequence_numbers_and_picture_ids_contiguous()
    {
        var h = new SimHarness(seed: 2);
        var pubP = h.AddPublisherParticipant("alice");
        var (video, vpub) = h.Publish(pubP, MediaKind.Video, 0x1111, 0, "0", seed: 21, announceSsrcs: false);
        vpub.PaddingEvery = 5;
        var subP = h.AddSubscriberParticipant("bob");
        var (dt, sub) = h.Subscribe(subP, video, 0xA1);
        h.Run(1000);
        dt.SetPaused(true, h.Clock.NowUs);
        h.Run(1500);
        dt.SetPaused(false, h.Clock.NowUs);
        h.Run(2000);
        video.SetMuted(true, h.Clock.NowUs);
        h.Run(2500);
        video.SetMuted(false, h.Clock.NowUs);
        h.Run(3000);
        // Publisher restart: new SSRC, new sequence and picture id spaces, learnt from the mid extension.
        vpub.Ssrc = 0x5555;
        vpub.Seq = 40000;
        vpub.PictureId = 12345;
        h.Run(4500);

        Assert.Empty(sub.ViolationLog);
        Assert.Empty(sub.Gaps());
        Assert.Equal(0, sub.Fillers);
        Assert.True(video.Layers[0].Epoch >= 1, $"epoch {video.Layers[0].Epoch} ssrc {video.Layers[0].Ssrc:x} drops {string.Join(",", h.Room.Drops.ToArray())}");
        Assert.Equal(0x5555u, video.Layers[0].Ssrc);
        // Picture ids of the first packets of frames increase by one (mod 2^15), across pause, mute and restart
        // (frames dropped while paused/muted are not counted: the forwarder compacts them, so the check is +1 or, for a
        // frame the subscriber did not get, a jump only where the publisher skipped).
        var ids = sub.PictureIds;
        Assert.True(ids.Count > 60, $"picture ids {ids.Count} media {sub.MediaPackets} drops {string.Join(",", h.Room.Drops.ToArray())} state {dt.State}");
        var nonUnit = 0;
        for (var i = 1; i < ids.Count; i++) if (((ids[i] - ids[i - 1]) & 0x7FFF) != 1) nonUnit++;
        // Pause and mute gaps skip publisher pictures (the receiver sees a jump in picture id, which VP8 allows);
        // the restart must not add one.
        Assert.Equal(2, nonUnit);
        Assert.True(h.Room.Drops[(int)Sfu.Core.Diagnostics.PacketDropReason.PaddingOnly] > 0);
    }

    [Fact]
    public void Subscribing_and_unsubscribing_does_not_disturb_other_subscribers()
    {
        var h = new SimHarness(seed: 3);
        var pubP = h.AddPublisherParticipant("alice");
        var (video, _) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: 31);
        var s1 = h.AddSubscriberParticipant("s1");
        var (_, sub1) = h.Subscribe(s1, video, 0xA1, 0xA2);
        h.Run(1000);
        var s2 = h.AddSubscriberParticipant("s2");
        var (dt2, sub2) = h.Subscribe(s2, video, 0xC1, 0xC2);
        h.Run(2000);
        h.Room.Unsubscribe(dt2, h.Clock.NowUs);
        h.Run(3000);

        Assert.Empty(sub1.Gaps());
        Assert.Empty(sub2.Gaps());
        Assert.Empty(sub1.ViolationLog);
        Assert.True(sub2.MediaPackets > 50);
        Assert.Equal(1, sub2.Byes);
        Assert.Equal(DownTrackState.Closed, dt2.State);
    }
}
