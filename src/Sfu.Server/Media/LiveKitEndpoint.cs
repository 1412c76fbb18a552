using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sfu.Server.Configuration;
using Sfu.Server.Hosting;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Rtc;
using Sfu.Signaling.Twirp;
using Sfu.Signaling.Webhooks;

namespace Sfu.Server.Media;

/// <summary>
/// Wires LiveKit signaling into the host: <c>/rtc</c> (WebSocket, v0 dual PC), <c>/rtc/validate</c> and the
/// v1 fallbacks, RoomService (Twirp), the room registry on the media host's shards, and its drain on shutdown.
/// </summary>
public static class LiveKitEndpoint
{
    /// <summary>Key of the room registry in the application's properties (operators' tools and tests find it there).</summary>
    public const string RegistryProperty = "Sfu.RtcRoomRegistry";

    /// <summary>Maps the endpoints; returns the room registry.</summary>
    public static RtcRoomRegistry Map(WebApplication app, SfuConfig config, MediaHost media, ShutdownCoordinator coordinator, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(loggers);
        var keys = new ApiKeyProvider(config.Keys);
        var verifier = new AccessTokenVerifier(keys, time);
        var webhooks = CreateWebhooks(app, config, time, loggers);
        var options = new RtcSessionOptions
        {
            Observer = webhooks,
            Region = config.Region ?? "",
            Time = time,
            IceServers = identity => IceServers(config, identity, time),
            ForceRelay = config.Rtc.ForceRelay,
            SecretForKey = key => config.Keys.GetValueOrDefault(key),
            EmptyTimeout = TimeSpan.FromSeconds(Math.Max(0, config.Room.EmptyTimeout)),
            DepartureTimeout = TimeSpan.FromSeconds(Math.Max(0, config.Room.DepartureTimeout)),
            MaxParticipants = config.Room.MaxParticipants,
            MaxTracksPerParticipant = config.Limit.NumTracks,
            MaxMetadataSize = config.Limit.MaxMetadataSize,
            MaxAttributesSize = config.Limit.MaxAttributesSize,
        };
        var registry = new RtcRoomRegistry(new MediaHostRtcMedia(media), options);
        var validator = new RtcConnectValidator(verifier, new RtcValidationOptions
        {
            AutoCreateRooms = config.Room.AutoCreate,
            RoomExists = registry.Exists,
            RoomIsFullFor = registry.IsFullFor,
            MaxParticipantIdentityLength = config.Limit.MaxParticipantIdentityLength,
            MaxRoomNameLength = config.Limit.MaxRoomNameLength,
        });
        var handler = new RtcSignalHandler(validator, registry, loggers.CreateLogger("Sfu.Signaling.Rtc"), config.Limit.SignalMessageSizeLimit);
        coordinator.Register(new RoomRegistryDrainable(registry));
        app.UseWebSockets();
        app.MapLiveKitRtcValidation(validator, handler.HandleAsync);
        app.MapLiveKitRoomService(new RoomService(registry, new RoomServiceOptions
        {
            EnableRemoteUnmute = config.Room.EnableRemoteUnmute,
            MaxRoomNameLength = config.Limit.MaxRoomNameLength,
            MaxRequestBytes = config.Limit.MaxApiRequestBodySize,
        }), verifier);
        ((IApplicationBuilder)app).Properties[RegistryProperty] = registry;
        return registry;
    }

    /// <summary>webhook.urls: a notifier signing with webhook.api_key, stopped with the host; null without URLs.</summary>
    private static WebhookNotifier? CreateWebhooks(WebApplication app, SfuConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        if (config.Webhook.Urls.Count == 0 || config.Webhook.ApiKey is not { } key || !config.Keys.TryGetValue(key, out var secret)) return null;
        var notifier = new WebhookNotifier(key, secret, config.Webhook.Urls, loggers.CreateLogger("Sfu.Webhooks"), time);
        app.Lifetime.ApplicationStopped.Register(() => notifier.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return notifier;
    }

    /// <summary>rtc.turn_servers as ICEServer entries; TURN REST credentials (username expiry:identity) when a secret is set.</summary>
    public static IReadOnlyList<ICEServer> IceServers(SfuConfig config, string identity, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new List<ICEServer>();
        foreach (var t in config.Rtc.TurnServers)
        {
            var scheme = t.Protocol.Equals("tls", StringComparison.OrdinalIgnoreCase) ? "turns" : "turn";
            var transport = t.Protocol.Equals("tcp", StringComparison.OrdinalIgnoreCase) || t.Protocol.Equals("tls", StringComparison.OrdinalIgnoreCase) ? "tcp" : "udp";
            var server = new ICEServer { Urls = { $"{scheme}:{t.Host}:{t.Port}?transport={transport}" } };
            if (!string.IsNullOrEmpty(t.Secret))
            {
                var c = TurnRestCredentials.Create(t.Secret, identity, time, TimeSpan.FromSeconds(t.Ttl));
                server.Username = c.Username;
                server.Credential = c.Credential;
            }
            else
            {
                server.Username = t.Username ?? "";
                server.Credential = t.Credential ?? "";
            }
            result.Add(server);
        }
        return result;
    }
}
