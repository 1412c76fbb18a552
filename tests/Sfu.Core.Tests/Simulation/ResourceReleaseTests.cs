using Sfu.Core.Media;
using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

public class ResourceReleaseTests
{
    [Fact]
    public void When_everyone_leaves_every_pooled_buffer_is_back_and_subscribers_got_bye()
    {
        var h = new SimHarness(15);
        h.Up.Loss = 0.03;
        var pubP = h.AddPublisherParticipant("alice");
        var (video, _) = h.Publish(pubP, MediaKind.Video, 0x1111, 0x2222, "0", seed: 16);
        var (audio, _) = h.Publish(pubP, MediaKind.Audio, 0x3333, 0, "1", seed: 17);
        var subs = new List<(Participant P, SimSubscriber S)>();
        for (var i = 0; i < 4; i++)
        {
            var p = h.AddSubscriberParticipant("s" + i);
            subs.Add((p, h.Subscribe(p, video, 0xA0u + (uint)i, 0xC0u + (uint)i).Subscriber));
            h.Subscribe(p, audio, 0xB0u + (uint)i);
        }
        h.Run(3000);
        Assert.True(h.Pool.Outstanding > 100, "the caches hold packets while the track is live");

        h.Room.RemoveParticipant(subs[0].P, h.Clock.NowUs);
        Assert.DoesNotContain(video.DownTracks, d => d.Subscriber == subs[0].P);
        Assert.Equal(3, video.DownTracks.Count);
        h.Room.RemoveParticipant(pubP, h.Clock.NowUs);
        h.Run(3200);
        Assert.Equal(0, h.Pool.Outstanding);
        Assert.Empty(video.DownTracks);
        Assert.Empty(audio.DownTracks);
        Assert.All(subs.Skip(1), s => Assert.True(s.S.Byes >= 1));
        Assert.All(subs.Skip(1), s => Assert.Empty(s.P.DownTracks));
        foreach (var (p, _) in subs.Skip(1)) h.Room.RemoveParticipant(p, h.Clock.NowUs);
        Assert.Empty(h.Room.Participants);
        Assert.Equal(0, h.Pool.Outstanding);
    }
}
