using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Turns the engine's successive active-speaker lists into LiveKit SpeakersChanged deltas: a participant that
/// starts speaking (or whose level moved by at least <see cref="LevelStep"/>) is sent active with its level, one
/// that stopped is sent inactive with level 0; an unchanged speaker is not repeated. Sans-IO: one instance per
/// room, called on the room's shard.
/// </summary>
/// <remarks>
/// livekit-client keeps its own speaker list and applies each SpeakersChanged as a delta (RoomEvent
/// ActiveSpeakersChanged, sorted by level), which is what LiveKit's server sends (rtc/room.go,
/// sendSpeakerChanges). The engine's <c>AudioLevelMeter</c> already smooths levels over 500 ms, so the
/// level here is not smoothed again, only quantised so that noise does not produce a message every tick.
/// </remarks>
public sealed class SpeakerDeltas
{
    /// <summary>Smallest change of level (0..1) that is re-announced for a speaker still speaking.</summary>
    public const float LevelStep = 0.05f;

    private readonly Dictionary<string, float> _sent = new(StringComparer.Ordinal);

    /// <summary>The speakers last announced as active, with their levels.</summary>
    public IReadOnlyDictionary<string, float> Active => _sent;

    /// <summary>
    /// The delta from the last announced state to <paramref name="speakers"/> (loudest first; levels 0..1,
    /// clamped). Empty when nothing worth announcing changed.
    /// </summary>
    public List<SpeakerInfo> Update(IReadOnlyList<(string Sid, float Level)> speakers)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var result = new List<SpeakerInfo>();
        var now = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sid, raw) in speakers)
        {
            if (!now.Add(sid)) continue; // the engine never lists a participant twice; a duplicate changes nothing
            var level = float.IsNaN(raw) ? 0 : Math.Clamp(raw, 0f, 1f);
            if (_sent.TryGetValue(sid, out var last) && Math.Abs(last - level) < LevelStep) continue;
            _sent[sid] = level;
            result.Add(new SpeakerInfo { Sid = sid, Level = level, Active = true });
        }
        List<string>? stopped = null;
        foreach (var sid in _sent.Keys)
            if (!now.Contains(sid)) (stopped ??= []).Add(sid);
        if (stopped is not null)
        {
            foreach (var sid in stopped)
            {
                _sent.Remove(sid);
                result.Add(new SpeakerInfo { Sid = sid, Level = 0, Active = false });
            }
        }
        return result;
    }

    /// <summary>Forgets a participant that left (no inactive entry is sent: its departure says it).</summary>
    public void Remove(string sid) => _sent.Remove(sid);
}
