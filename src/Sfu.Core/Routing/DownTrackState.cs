namespace Sfu.Core.Routing;

/// <summary>
/// Where a down-track is in its life.
/// <code>
///   (subscribe) --> WaitingForKeyframe --(key frame)--> Forwarding
///        ^   audio: straight to Forwarding        |  layer switch / publisher restart / resume
///        |                                       v
///        +------------------------------ WaitingForKeyframe
///   Paused: SetPaused(true) from any state; SetPaused(false) -> WaitingForKeyframe (video) or Forwarding.
///   Closed: unsubscribed, unpublished or participant left (final; BYE sent).
/// </code>
/// </summary>
public enum DownTrackState
{
    /// <summary>Video: dropping (and compacting) packets until a key frame.</summary>
    WaitingForKeyframe,
    /// <summary>Forwarding every packet of the selected layer.</summary>
    Forwarding,
    /// <summary>Paused by the subscriber (or its server-side controls): nothing forwarded, sequence space kept contiguous.</summary>
    Paused,
    /// <summary>Closed.</summary>
    Closed,
}
