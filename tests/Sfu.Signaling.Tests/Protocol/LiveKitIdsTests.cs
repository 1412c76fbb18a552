using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Tests.Protocol;

/// <summary>Ids carry LiveKit's prefixes (the JS SDK checks PA/TR) and 12 unguessable base62 characters.</summary>
public class LiveKitIdsTests
{
    [Fact]
    public void Ids_have_the_prefix_and_twelve_base62_characters()
    {
        foreach (var (id, prefix) in new[] { (LiveKitIds.NewRoomSid(), "RM_"), (LiveKitIds.NewParticipantSid(), "PA_"), (LiveKitIds.NewTrackSid(), "TR_"), (LiveKitIds.NewEventId(), "EV_") })
        {
            Assert.StartsWith(prefix, id, StringComparison.Ordinal);
            Assert.Equal(prefix.Length + 12, id.Length);
            Assert.All(id[prefix.Length..], c => Assert.True(char.IsAsciiLetterOrDigit(c), id));
        }
    }

    [Fact]
    public void Ids_do_not_repeat_and_use_the_whole_alphabet()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => LiveKitIds.NewTrackSid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var chars = ids.SelectMany(i => i[3..]).Distinct().Count();
        Assert.Equal(62, chars);
    }
}
