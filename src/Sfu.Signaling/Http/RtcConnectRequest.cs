using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Http;

/// <summary>
/// A validated v0 <c>/rtc</c> connect request: who joins which room with which grants, and the
/// client's connection options (js <c>createConnectionParams</c>; server <c>validateInternal</c>).
/// </summary>
public sealed record RtcConnectRequest
{
    /// <summary>The grants to join with: the token's, with the <c>publish</c> and <c>attributes</c> parameters applied.</summary>
    public required ClaimGrants Grants { get; init; }

    /// <summary>The participant identity (the token's, plus <c>#publish</c> for a publish-only connection).</summary>
    public required string Identity { get; init; }

    /// <summary>The room: the token's <c>video.room</c>, else the <c>room</c> parameter.</summary>
    public required string RoomName { get; init; }

    /// <summary>Client description from <c>sdk</c>, <c>version</c>, <c>protocol</c>, <c>os</c>... and the remote address.</summary>
    public required ClientInfo ClientInfo { get; init; }

    /// <summary><c>reconnect=1</c>: a resume of an existing participant.</summary>
    public bool Reconnect { get; init; }

    /// <summary><c>sid</c> of the participant to resume (only when <see cref="Reconnect"/>).</summary>
    public string? ParticipantSid { get; init; }

    /// <summary><c>reconnect_reason</c> (0 when absent or not a number).</summary>
    public ReconnectReason ReconnectReason { get; init; }

    /// <summary><c>auto_subscribe</c>; true when absent.</summary>
    public bool AutoSubscribe { get; init; } = true;

    /// <summary><c>adaptive_stream</c>.</summary>
    public bool AdaptiveStream { get; init; }

    /// <summary><c>subscriber_allow_pause</c> when given.</summary>
    public bool? SubscriberAllowPause { get; init; }

    /// <summary><c>disable_ice_lite</c>.</summary>
    public bool DisableIceLite { get; init; }

    /// <summary><c>auto_subscribe_data_track</c> when given.</summary>
    public bool? AutoSubscribeDataTrack { get; init; }

    /// <summary><c>publish</c>: a publish-only side connection of an existing participant (subscribing off).</summary>
    public string? Publish { get; init; }

    /// <summary>The <c>protocol</c> the client speaks (17 for current SDKs; 0 when absent).</summary>
    public int Protocol => ClientInfo.Protocol;
}
