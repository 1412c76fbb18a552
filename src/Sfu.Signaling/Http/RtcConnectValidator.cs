using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Http;

/// <summary>
/// Validates a v0 <c>/rtc</c> connect request before the WebSocket upgrade, with LiveKit's rules, order,
/// statuses and texts (server <c>pkg/service/rtcservice.go</c> <c>validateInternal</c>,
/// <c>pkg/service/utils.go</c> <c>ValidateConnectRequest</c>/<c>ParseClientInfo</c>).
/// </summary>
/// <remarks>
/// Strict mode (<c>/rtc/validate</c>) refuses undecodable <c>attributes</c> with 400; the WebSocket path
/// ignores them, as LiveKit does.
/// </remarks>
public sealed class RtcConnectValidator
{
    private readonly AccessTokenVerifier _verifier;
    private readonly RtcValidationOptions _options;

    /// <summary>A validator over the server's token verifier and limits.</summary>
    public RtcConnectValidator(AccessTokenVerifier verifier, RtcValidationOptions? options = null)
    {
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _options = options ?? new RtcValidationOptions();
    }

    /// <summary>The options in force.</summary>
    public RtcValidationOptions Options => _options;

    /// <summary>Reads the token and parameters of <paramref name="request"/> and validates them.</summary>
    public async ValueTask<RtcConnectValidation> ValidateAsync(HttpRequest request, bool strict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (ok, token, error) = await AccessTokenSource.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (!ok) return RtcConnectValidation.Failure(error);
        var parameters = await RtcParameters.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        return Validate(token, parameters, request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", strict);
    }

    /// <summary>Validates a token (null when the request had none) and the request parameters.</summary>
    public RtcConnectValidation Validate(string? token, RtcParameters parameters, string remoteAddress, bool strict)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ClaimGrants? grants = null;
        if (token is not null)
        {
            var verification = _verifier.Verify(token);
            if (!verification.IsValid) return RtcConnectValidation.Failure(verification.Error);
            grants = verification.Grants;
        }
        return Validate(grants, parameters, remoteAddress, strict);
    }

    /// <summary>Validates verified grants (null: no token) against the request parameters.</summary>
    public RtcConnectValidation Validate(ClaimGrants? grants, RtcParameters parameters, string remoteAddress, bool strict)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (grants?.Video is not { } video) return RtcConnectValidation.Failure(HttpError.NoPermissions);
        if (!video.RoomJoin) return RtcConnectValidation.Failure(HttpError.PermissionsDenied);

        var identity = grants.Identity;
        if (string.IsNullOrEmpty(identity)) return RtcConnectValidation.Failure(HttpError.IdentityEmpty);
        if (TooLong(identity, _options.MaxParticipantIdentityLength))
            return RtcConnectValidation.Failure(HttpError.IdentityTooLong(_options.MaxParticipantIdentityLength));

        var room = !string.IsNullOrEmpty(video.Room) ? video.Room : parameters.Get("room") ?? "";
        if (room.Length == 0) return RtcConnectValidation.Failure(HttpError.NoRoomName);
        if (TooLong(room, _options.MaxRoomNameLength))
            return RtcConnectValidation.Failure(HttpError.RoomNameTooLong(_options.MaxRoomNameLength));

        // A publish-only side connection of an existing participant: needs canPublish, never subscribes.
        var publish = parameters.Get("publish");
        if (!string.IsNullOrEmpty(publish))
        {
            if (!video.AllowsPublish) return RtcConnectValidation.Failure(HttpError.NoPermissions);
            video = video with { CanSubscribe = false };
            identity = identity + "#" + publish;
        }

        if (!_options.AutoCreateRooms && !video.RoomCreate && !(_options.RoomExists?.Invoke(room) ?? false))
            return RtcConnectValidation.Failure(HttpError.RoomNotFound);

        // room.max_participants, so that /rtc/validate (which livekit-client asks after a failed upgrade) names
        // the reason. A resume re-takes its own place and is never refused here.
        var reconnect = BoolValue(parameters.Get("reconnect"));
        if (!reconnect && _options.RoomIsFullFor?.Invoke(room, identity) == true)
            return RtcConnectValidation.Failure(HttpError.RoomFull);

        var attributes = grants.Attributes;
        var attributesParameter = parameters.Get("attributes");
        if (!string.IsNullOrEmpty(attributesParameter))
        {
            // Client-supplied attributes need canUpdateOwnMetadata: they must never carry roles (security.md 47c).
            if (!video.AllowsUpdateOwnMetadata) return RtcConnectValidation.Failure(HttpError.NoPermissions);
            var decoded = DecodeAttributes(attributesParameter, _options.MaxAttributesSize);
            if (decoded is null && strict) return RtcConnectValidation.Failure(HttpError.CannotDecodeAttributes);
            if (decoded is { Count: > 0 })
            {
                var merged = new Dictionary<string, string>(grants.Attributes, StringComparer.Ordinal);
                foreach (var (k, v) in decoded)
                    if (v.Length != 0) merged[k] = v; // an empty value may not delete a token attribute
                attributes = merged;
            }
        }

        var request = new RtcConnectRequest
        {
            Grants = grants with { Identity = identity, Video = video, Attributes = attributes },
            Identity = identity,
            RoomName = room,
            ClientInfo = ParseClientInfo(parameters, remoteAddress),
            Reconnect = reconnect,
            ParticipantSid = reconnect ? parameters.Get("sid") : null,
            ReconnectReason = (ReconnectReason)ParseInt(parameters.Get("reconnect_reason")),
            AutoSubscribe = parameters.Get("auto_subscribe") is { Length: > 0 } autoSubscribe ? BoolValue(autoSubscribe) : true,
            AdaptiveStream = BoolValue(parameters.Get("adaptive_stream")),
            SubscriberAllowPause = parameters.Get("subscriber_allow_pause") is { Length: > 0 } allowPause ? BoolValue(allowPause) : null,
            DisableIceLite = BoolValue(parameters.Get("disable_ice_lite")),
            AutoSubscribeDataTrack = parameters.Get("auto_subscribe_data_track") is { Length: > 0 } dataTrack ? BoolValue(dataTrack) : null,
            Publish = string.IsNullOrEmpty(publish) ? null : publish,
        };
        return RtcConnectValidation.Success(request);
    }

    /// <summary>The ClientInfo LiveKit builds from the query (<c>ParseClientInfo</c>); the address is the socket's, never a forwarded header.</summary>
    public static ClientInfo ParseClientInfo(RtcParameters parameters, string remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var ci = new ClientInfo
        {
            Protocol = ParseInt(parameters.Get("protocol")),
            ClientProtocol = ParseInt(parameters.Get("client_protocol")),
            Sdk = parameters.Get("sdk") switch
            {
                "js" => ClientInfo.Types.SDK.Js,
                "ios" or "swift" => ClientInfo.Types.SDK.Swift,
                "android" => ClientInfo.Types.SDK.Android,
                "flutter" => ClientInfo.Types.SDK.Flutter,
                "go" => ClientInfo.Types.SDK.Go,
                "unity" => ClientInfo.Types.SDK.Unity,
                "reactnative" => ClientInfo.Types.SDK.ReactNative,
                "rust" => ClientInfo.Types.SDK.Rust,
                "python" => ClientInfo.Types.SDK.Python,
                "cpp" => ClientInfo.Types.SDK.Cpp,
                "unityweb" => ClientInfo.Types.SDK.UnityWeb,
                "node" => ClientInfo.Types.SDK.Node,
                _ => ClientInfo.Types.SDK.Unknown,
            },
            Version = parameters.Get("version") ?? "",
            Os = parameters.Get("os") ?? "",
            OsVersion = parameters.Get("os_version") ?? "",
            Browser = parameters.Get("browser") ?? "",
            BrowserVersion = parameters.Get("browser_version") ?? "",
            DeviceModel = parameters.Get("device_model") ?? "",
            Network = parameters.Get("network") ?? "",
            Address = remoteAddress ?? "",
        };
        if (parameters.Get("capabilities") is { Length: > 0 } capabilities)
        {
            foreach (var name in capabilities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var cap = name.ToUpperInvariant() switch
                {
                    "CAP_PACKET_TRAILER" or "PACKET_TRAILER" => ClientInfo.Types.Capability.CapPacketTrailer,
                    "CAP_COMPRESSION_DEFLATE_RAW" or "COMPRESSION_DEFLATE_RAW" => ClientInfo.Types.Capability.CapCompressionDeflateRaw,
                    _ => ClientInfo.Types.Capability.CapUnused,
                };
                if (cap != ClientInfo.Types.Capability.CapUnused && !ci.Capabilities.Contains(cap)) ci.Capabilities.Add(cap);
            }
        }
        return ci;
    }

    /// <summary>LiveKit's <c>boolValue</c>: "1" or "true".</summary>
    public static bool BoolValue(string? s) => s is "1" or "true";

    private static int ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static bool TooLong(string s, int maxBytes) => maxBytes > 0 && Encoding.UTF8.GetByteCount(s) > maxBytes;

    /// <summary>
    /// The <c>attributes</c> parameter: base64url (padded, as Go's URLEncoding writes it, or unpadded) of a
    /// JSON object of strings. Null when it is not that, or when it exceeds <paramref name="maxSize"/>.
    /// </summary>
    private static Dictionary<string, string>? DecodeAttributes(string encoded, int maxSize)
    {
        var trimmed = encoded.AsSpan().TrimEnd('=');
        foreach (var c in trimmed)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_') return null;
        if (trimmed.Length % 4 == 1) return null;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(trimmed.Length)];
        if (Base64Url.DecodeFromChars(trimmed, bytes, out _, out var written) != System.Buffers.OperationStatus.Done) return null;
        Dictionary<string, string>? map;
        try
        {
            map = JsonSerializer.Deserialize(bytes.AsSpan(0, written), RtcJsonContext.Default.DictionaryStringString);
        }
        catch (JsonException)
        {
            return null;
        }
        if (map is null) return null;
        if (maxSize > 0)
        {
            long size = 0;
            foreach (var (k, v) in map) size += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v);
            if (size > maxSize) return null;
        }
        return map;
    }
}
