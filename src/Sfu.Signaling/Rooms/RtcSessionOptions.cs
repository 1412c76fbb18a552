using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

/// <summary>Settings of the LiveKit room sessions (what goes in JoinResponse, token refresh, timers).</summary>
public sealed class RtcSessionOptions
{
    /// <summary>server_info.version: at least 1.8.0 (the JS SDK's RPC refuses older servers).</summary>
    public string ServerVersion { get; init; } = "1.9.0";

    /// <summary>Signal protocol spoken (js <c>protocolVersion</c>).</summary>
    public int Protocol { get; init; } = 17;

    /// <summary>JoinResponse ping_interval, seconds.</summary>
    public int PingIntervalSeconds { get; init; } = 5;

    /// <summary>JoinResponse ping_timeout, seconds.</summary>
    public int PingTimeoutSeconds { get; init; } = 15;

    /// <summary>server_info.region.</summary>
    public string Region { get; init; } = "";

    /// <summary>server_info.node_id.</summary>
    public string NodeId { get; init; } = LiveKitIds.New(LiveKitIds.NodePrefix);

    /// <summary>ICE servers for a participant identity (rtc.turn_servers, with TURN REST credentials when a secret is set).</summary>
    public Func<string, IReadOnlyList<ICEServer>> IceServers { get; init; } = _ => [];

    /// <summary>
    /// client_configuration.force_relay (ENABLED when set, else DISABLED) in JoinResponse and ReconnectResponse:
    /// livekit-client then sets iceTransportPolicy 'relay' and reaches the server only through rtc.turn_servers.
    /// </summary>
    public bool ForceRelay { get; init; }

    /// <summary>The ClientConfiguration of JoinResponse and ReconnectResponse.</summary>
    internal ClientConfiguration BuildClientConfiguration() => new()
    {
        ForceRelay = ForceRelay ? ClientConfigSetting.Enabled : ClientConfigSetting.Disabled,
    };

    /// <summary>The secret of an API key, to re-issue tokens (refresh_token); null disables refresh.</summary>
    public Func<string, string?>? SecretForKey { get; init; }

    /// <summary>How often a fresh token is sent (LiveKit: 5 minutes).</summary>
    public TimeSpan TokenRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of a refreshed token: at least this (LiveKit: 10 minutes), or the remaining lifetime if longer.</summary>
    public TimeSpan TokenRefreshTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Interval of ConnectionQualityUpdate to every participant (zero disables it).</summary>
    public TimeSpan ConnectionQualityInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>room.empty_timeout: how long a room nobody joined stays open (LiveKit: 300 s).</summary>
    public TimeSpan EmptyTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>room.departure_timeout: how long a room stays open after its last participant left (LiveKit: 20 s).</summary>
    public TimeSpan DepartureTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>room.max_participants: 0 means no limit.</summary>
    public int MaxParticipants { get; init; }

    /// <summary>limit.num_tracks: published plus pending tracks per participant (0 means no limit).</summary>
    public int MaxTracksPerParticipant { get; init; }

    /// <summary>AddTracks not yet bound to a publisher offer, per participant (a client cannot grow server state unboundedly).</summary>
    public int MaxPendingTracks { get; init; } = 32;

    /// <summary>limit.max_metadata_size: bytes of participant metadata (UTF-8; 0 means no limit).</summary>
    public int MaxMetadataSize { get; init; } = 512 * 1024;

    /// <summary>limit.max_attributes_size: bytes of all attribute keys and values (UTF-8; 0 means no limit).</summary>
    public int MaxAttributesSize { get; init; } = 64 * 1024;

    /// <summary>Bytes of a participant name (LiveKit caps it as the identity: 256).</summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>How long a participant whose WebSocket dropped without a leave can resume (reconnect=1&amp;sid=).</summary>
    public TimeSpan ResumeWindow { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Clock for tokens and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Mint a token (defaults to the project's issuer).</summary>
    internal Func<string, string, ClaimGrants, DateTimeOffset, TimeSpan, string> Mint { get; init; } = AccessTokenIssuer.Mint;

    /// <summary>Hears room events (webhooks); null for none.</summary>
    public IRtcRoomObserver? Observer { get; init; }
}
