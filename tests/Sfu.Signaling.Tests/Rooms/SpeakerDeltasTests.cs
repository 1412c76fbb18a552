using CsCheck;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>SpeakersChanged deltas: starts and stops announced once, unchanged speakers not repeated.</summary>
public sealed class SpeakerDeltasTests
{
    [Fact]
    public void A_new_speaker_is_announced_active_with_its_level_and_not_repeated_while_its_level_holds()
    {
        var d = new SpeakerDeltas();
        var first = d.Update([("PA_a", 0.6f)]);
        var only = Assert.Single(first);
        Assert.Equal("PA_a", only.Sid);
        Assert.True(only.Active);
        Assert.Equal(0.6f, only.Level);
        Assert.Empty(d.Update([("PA_a", 0.62f)]));
    }

    [Fact]
    public void A_level_change_of_at_least_a_step_is_reannounced()
    {
        var d = new SpeakerDeltas();
        d.Update([("PA_a", 0.2f)]);
        var again = Assert.Single(d.Update([("PA_a", 0.2f + SpeakerDeltas.LevelStep + 0.01f)]));
        Assert.True(again.Active);
    }

    [Fact]
    public void A_speaker_that_stops_is_announced_inactive_with_level_zero_once()
    {
        var d = new SpeakerDeltas();
        d.Update([("PA_a", 0.5f), ("PA_b", 0.4f)]);
        var stop = Assert.Single(d.Update([("PA_b", 0.4f)]));
        Assert.Equal("PA_a", stop.Sid);
        Assert.False(stop.Active);
        Assert.Equal(0f, stop.Level);
        Assert.Empty(d.Update([("PA_b", 0.4f)]));
    }

    [Fact]
    public void A_removed_participant_gets_no_inactive_entry()
    {
        var d = new SpeakerDeltas();
        d.Update([("PA_a", 0.5f)]);
        d.Remove("PA_a");
        Assert.Empty(d.Update([]));
    }

    [Fact]
    public void Levels_outside_zero_to_one_and_NaN_are_clamped()
    {
        var d = new SpeakerDeltas();
        var r = d.Update([("PA_a", 3f), ("PA_b", -1f), ("PA_c", float.NaN)]);
        Assert.Equal([1f, 0f, 0f], r.Select(s => s.Level));
    }

    [Fact]
    public void Applying_every_delta_to_a_client_list_always_yields_the_current_speakers()
    {
        var sids = Gen.Int[0, 5].Select(i => "PA_" + i);
        var step = Gen.Select(sids, Gen.Float[0f, 1f]).Array[0, 6];
        step.Array[1, 8].Sample(steps =>
        {
            var d = new SpeakerDeltas();
            var client = new Dictionary<string, float>();
            foreach (var s in steps)
            {
                foreach (var info in d.Update(s))
                {
                    if (info.Active) client[info.Sid] = info.Level;
                    else client.Remove(info.Sid);
                }
                var expected = s.Select(x => x.Item1).Distinct().OrderBy(x => x, StringComparer.Ordinal);
                if (!expected.SequenceEqual(client.Keys.OrderBy(x => x, StringComparer.Ordinal))) return false;
            }
            return true;
        }, iter: PropertyCases.Count);
    }
}
