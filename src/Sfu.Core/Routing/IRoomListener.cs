namespace Sfu.Core.Routing;

/// <summary>Events the room raises towards signaling (called on the shard thread, after the triggering input).</summary>
public interface IRoomListener
{
    /// <summary>The ordered list of active speakers changed (loudest first; empty when nobody speaks).</summary>
    void OnActiveSpeakersChanged(IReadOnlyList<Participant> speakers);
}
