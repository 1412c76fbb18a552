using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sfu.Signaling.Auth;

/// <summary>
/// Mints LiveKit access tokens: HS256 compact JWS (RFC 7515 section 7.1) with LiveKit's claim names.
/// Used for <c>refresh_token</c>, webhook signatures (the <c>sha256</c> claim) and tests.
/// </summary>
/// <remarks>
/// The header is <c>{"alg":"HS256","typ":"JWT"}</c> as the Go SDK writes it; <c>iss</c> is the API key,
/// <c>sub</c> the identity (omitted when empty, as for webhooks), <c>nbf</c> and <c>iat</c> now, <c>exp</c>
/// now + ttl (whole seconds, RFC 7519 section 2 NumericDate).
/// </remarks>
public static class AccessTokenIssuer
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary>Mints a token for <paramref name="grants"/> valid from <paramref name="now"/> for <paramref name="ttl"/>.</summary>
    public static string Mint(string apiKey, string secret, ClaimGrants grants, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(grants);
        var nowSeconds = now.ToUnixTimeSeconds();
        var payload = ToJson(grants);
        payload.Iss = apiKey;
        payload.Nbf = nowSeconds;
        payload.Iat = nowSeconds;
        payload.Exp = nowSeconds + (long)Math.Ceiling(ttl.TotalSeconds);
        var payloadBytes = JsonSerializer.SerializeToUtf8Bytes(payload, TokenJsonContext.Default.JwtPayloadJson);
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payloadBytes);
        Span<byte> signature = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Mints with the clock of <paramref name="time"/>.</summary>
    public static string Mint(string apiKey, string secret, ClaimGrants grants, TimeProvider time, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Mint(apiKey, secret, grants, time.GetUtcNow(), ttl);
    }

    private static JwtPayloadJson ToJson(ClaimGrants g)
    {
        JsonElement? roomConfig = null;
        if (!string.IsNullOrEmpty(g.RoomConfigJson))
        {
            using var doc = JsonDocument.Parse(g.RoomConfigJson);
            roomConfig = doc.RootElement.Clone();
        }
        var v = g.Video;
        return new JwtPayloadJson
        {
            Sub = string.IsNullOrEmpty(g.Identity) ? null : g.Identity,
            Name = string.IsNullOrEmpty(g.Name) ? null : g.Name,
            Metadata = string.IsNullOrEmpty(g.Metadata) ? null : g.Metadata,
            Attributes = g.Attributes.Count == 0 ? null : new Dictionary<string, string>(g.Attributes),
            Kind = string.IsNullOrEmpty(g.Kind) ? null : g.Kind,
            KindDetails = g.KindDetails.Count == 0 ? null : [.. g.KindDetails],
            RoomConfig = roomConfig,
            RoomPreset = string.IsNullOrEmpty(g.RoomPreset) ? null : g.RoomPreset,
            Sha256 = string.IsNullOrEmpty(g.Sha256) ? null : g.Sha256,
            Video = v is null ? null : new VideoGrantJson
            {
                // Go's omitempty: false booleans and empty strings are left out; tri-state ones are kept when set.
                RoomCreate = v.RoomCreate ? true : null,
                RoomList = v.RoomList ? true : null,
                RoomRecord = v.RoomRecord ? true : null,
                RoomAdmin = v.RoomAdmin ? true : null,
                RoomJoin = v.RoomJoin ? true : null,
                Room = string.IsNullOrEmpty(v.Room) ? null : v.Room,
                CanPublish = v.CanPublish,
                CanSubscribe = v.CanSubscribe,
                CanPublishData = v.CanPublishData,
                CanPublishSources = v.CanPublishSources.Count == 0 ? null : [.. v.CanPublishSources],
                CanUpdateOwnMetadata = v.CanUpdateOwnMetadata,
                IngressAdmin = v.IngressAdmin ? true : null,
                Hidden = v.Hidden ? true : null,
                Recorder = v.Recorder ? true : null,
                Agent = v.Agent ? true : null,
                CanSubscribeMetrics = v.CanSubscribeMetrics,
                CanManageAgentSession = v.CanManageAgentSession,
                DestinationRoom = string.IsNullOrEmpty(v.DestinationRoom) ? null : v.DestinationRoom,
            },
        };
    }
}
