using Sfu.Core.Media;

namespace Sfu.Core.Tests.Simulation;

public class ActiveSpeakerTests
{
    [Fact]
    public void Speakers_are_ordered_by_smoothed_level_and_silence_removes_them()
    {
        var h = new SimHarness(14);
        var a = h.AddPublisherParticipant("a");
        var b = h.AddPublisherParticipant("b");
        var c = h.AddPublisherParticipant("c");
        var (_, pa) = h.Publish(a, MediaKind.Audio, 0x10, 0, "0", seed: 1);
        var (_, pb) = h.Publish(b, MediaKind.Audio, 0x20, 0, "0", seed: 2);
        var (_, pc) = h.Publish(c, MediaKind.Audio, 0x30, 0, "0", seed: 3);
        foreach (var p in new[] { pa, pb, pc }) p.Voice = true;
        pa.AudioLevel = 30; // -30 dBov: loud
        pb.AudioLevel = 60; // quieter
        pc.AudioLevel = 127; // silence
        h.Run(3000);
        Assert.Equal(["a", "b"], h.Room.ActiveSpeakers.Select(p => p.Id));

        // b gets louder than a: the order flips after smoothing, not on the first packet.
        pb.AudioLevel = 10;
        h.Run(3040);
        Assert.Equal(["a", "b"], h.Room.ActiveSpeakers.Select(p => p.Id));
        h.Run(5000);
        Assert.Equal(["b", "a"], h.Room.ActiveSpeakers.Select(p => p.Id));

        // a stops sending (mute): it decays out of the list.
        pa.Paused = true;
        h.Run(8000);
        Assert.Equal(["b"], h.Room.ActiveSpeakers.Select(p => p.Id));
        Assert.Equal(["b"], h.SpeakerEvents[^1].Select(p => p.Id));
        Assert.True(h.SpeakerEvents.Count >= 3);
    }
}
