using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Peer;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    private readonly SpeakerDeltas _speakerDeltas = new();
    private ITimer? _qualityTimer;

    /// <summary>The engine's speaker events, on the room's shard.</summary>
    private sealed class EngineListener(RtcRoom room) : IRoomListener
    {
        public void OnActiveSpeakersChanged(IReadOnlyList<Participant> speakers) => room.OnSpeakers(speakers);
    }

    /// <summary>
    /// Shard thread: the engine's ordered speakers with their smoothed levels (the loudest audio track's
    /// meter score, 0..127, scaled to LiveKit's 0..1) become a SpeakersChanged delta for every participant.
    /// </summary>
    private void OnSpeakers(IReadOnlyList<Participant> speakers)
    {
        var nowUs = MediaClock.NowUs;
        var list = new List<(string, float)>(speakers.Count);
        foreach (var s in speakers)
        {
            var best = 0.0;
            foreach (var t in s.PublishedTracks)
                if (t.AudioLevel is { } meter) best = Math.Max(best, meter.Sample(nowUs));
            list.Add((s.Id, (float)(best / 127.0)));
        }
        PublishSpeakers(list);
    }

    /// <summary>
    /// Sends the delta from the last announced speakers to <paramref name="speakers"/> (sid, level 0..1,
    /// loudest first) to every participant; hidden participants are never announced. Any thread.
    /// </summary>
    public void PublishSpeakers(IReadOnlyList<(string Sid, float Level)> speakers)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        lock (_gate)
        {
            var visible = new List<(string, float)>(speakers.Count);
            foreach (var s in speakers)
                if (_participants.Find(p => p.Sid == s.Sid) is { IsHidden: false }) visible.Add(s);
            var delta = _speakerDeltas.Update(visible);
            if (delta.Count == 0) return;
            foreach (var p in _participants)
            {
                var m = new SpeakersChanged();
                foreach (var d in delta) m.Speakers.Add(d.Clone());
                p.Send(new SignalResponse { SpeakersChanged = m });
            }
        }
    }

    /// <summary>Starts the periodic ConnectionQualityUpdate (every <see cref="RtcSessionOptions.ConnectionQualityInterval"/>).</summary>
    private void StartQualityTimer()
    {
        var interval = _options.ConnectionQualityInterval;
        if (interval <= TimeSpan.Zero) return;
        _qualityTimer = _options.Time.CreateTimer(static state => ((RtcRoom)state!).SampleQuality(), this, interval, interval);
    }

    /// <summary>Timer: the engine's verdict for every participant is read on the shard, then sent to everyone.</summary>
    private void SampleQuality()
    {
        Shard.Post(_ =>
        {
            var nowUs = MediaClock.NowUs;
            var infos = new List<ConnectionQualityInfo>();
            foreach (var e in Engine.Participants)
            {
                if (!e.IsConnected) continue;
                var (mos, level) = e.GetConnectionQuality(nowUs);
                infos.Add(ConnectionQualityMap.ToInfo(e.Id, mos, level));
            }
            SendQuality(infos);
        });
    }

    /// <summary>
    /// Sends each participant a ConnectionQualityUpdate with its own entry and those of the participants it can
    /// see (hidden participants' entries go only to themselves).
    /// </summary>
    private void SendQuality(List<ConnectionQualityInfo> infos)
    {
        lock (_gate)
        {
            if (_closed) return;
            foreach (var to in _participants)
            {
                var update = new ConnectionQualityUpdate();
                foreach (var i in infos)
                {
                    var owner = _participants.Find(p => p.Sid == i.ParticipantSid);
                    if (owner is null || (owner.IsHidden && owner != to)) continue;
                    update.Updates.Add(i.Clone());
                }
                if (update.Updates.Count > 0) to.Send(new SignalResponse { ConnectionQuality = update });
            }
        }
    }
}
