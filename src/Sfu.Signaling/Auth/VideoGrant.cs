using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Auth;

/// <summary>
/// The <c>video</c> claim of a LiveKit access token (protocol <c>auth/grants.go</c> VideoGrant). Absent
/// values stay null so a re-issued token says exactly what the original said; the <c>Allows*</c>
/// members apply LiveKit's defaults.
/// </summary>
public sealed record VideoGrant
{
    /// <summary>JSON <c>roomCreate</c>.</summary>
    public bool RoomCreate { get; init; }
    /// <summary>JSON <c>roomList</c>.</summary>
    public bool RoomList { get; init; }
    /// <summary>JSON <c>roomRecord</c>.</summary>
    public bool RoomRecord { get; init; }
    /// <summary>JSON <c>roomAdmin</c>.</summary>
    public bool RoomAdmin { get; init; }
    /// <summary>JSON <c>roomJoin</c>: required to connect to /rtc.</summary>
    public bool RoomJoin { get; init; }
    /// <summary>JSON <c>room</c>: the only room this token may join or administer.</summary>
    public string? Room { get; init; }
    /// <summary>JSON <c>canPublish</c>; absent means true.</summary>
    public bool? CanPublish { get; init; }
    /// <summary>JSON <c>canSubscribe</c>; absent means true.</summary>
    public bool? CanSubscribe { get; init; }
    /// <summary>JSON <c>canPublishData</c>; absent means the value of canPublish.</summary>
    public bool? CanPublishData { get; init; }
    /// <summary>JSON <c>canPublishSources</c>: lowercase TrackSource names; empty means every source.</summary>
    public IReadOnlyList<string> CanPublishSources { get; init; } = [];
    /// <summary>JSON <c>canUpdateOwnMetadata</c>; absent means false.</summary>
    public bool? CanUpdateOwnMetadata { get; init; }
    /// <summary>JSON <c>ingressAdmin</c>.</summary>
    public bool IngressAdmin { get; init; }
    /// <summary>JSON <c>hidden</c>: the participant is invisible to others.</summary>
    public bool Hidden { get; init; }
    /// <summary>JSON <c>recorder</c>.</summary>
    public bool Recorder { get; init; }
    /// <summary>JSON <c>agent</c>.</summary>
    public bool Agent { get; init; }
    /// <summary>JSON <c>canSubscribeMetrics</c>; absent means false.</summary>
    public bool? CanSubscribeMetrics { get; init; }
    /// <summary>JSON <c>canManageAgentSession</c>; absent means false.</summary>
    public bool? CanManageAgentSession { get; init; }
    /// <summary>JSON <c>destinationRoom</c> (ForwardParticipant / MoveParticipant).</summary>
    public string? DestinationRoom { get; init; }

    /// <summary>canPublish with LiveKit's default (true).</summary>
    public bool AllowsPublish => CanPublish ?? true;
    /// <summary>canSubscribe with LiveKit's default (true).</summary>
    public bool AllowsSubscribe => CanSubscribe ?? true;
    /// <summary>canPublishData with LiveKit's default (canPublish).</summary>
    public bool AllowsPublishData => CanPublishData ?? AllowsPublish;
    /// <summary>canUpdateOwnMetadata with LiveKit's default (false).</summary>
    public bool AllowsUpdateOwnMetadata => CanUpdateOwnMetadata ?? false;

    /// <summary>Whether a track of <paramref name="source"/> may be published (needs canPublish, and the source listed unless the list is empty).</summary>
    public bool AllowsPublishSource(TrackSource source)
    {
        if (!AllowsPublish) return false;
        if (CanPublishSources.Count == 0) return true;
        var name = TrackSourceNames.ToName(source);
        foreach (var s in CanPublishSources)
            if (string.Equals(s, name, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The permission to put in ParticipantInfo (what the JS SDK checks before publishing).</summary>
    public ParticipantPermission ToParticipantPermission()
    {
        var p = new ParticipantPermission
        {
            CanSubscribe = AllowsSubscribe,
            CanPublish = AllowsPublish,
            CanPublishData = AllowsPublishData,
            Hidden = Hidden,
            CanUpdateMetadata = AllowsUpdateOwnMetadata,
            CanSubscribeMetrics = CanSubscribeMetrics ?? false,
            CanManageAgentSession = CanManageAgentSession ?? false,
        };
#pragma warning disable CS0612 // recorder and agent are deprecated in the protocol but still carried for old clients
        p.Recorder = Recorder;
        p.Agent = Agent;
#pragma warning restore CS0612
        foreach (var s in CanPublishSources)
            if (TrackSourceNames.TryParse(s, out var source)) p.CanPublishSources.Add(source);
        return p;
    }
}
