using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sfu.Signaling.Auth;

// The JSON shapes of a JWT header and of LiveKit's claims, read and written with System.Text.Json's
// source generator (no reflection). Names are LiveKit's exact JSON names (protocol auth/grants.go,
// node src/grants.ts).

internal sealed class JwtHeaderJson
{
    [JsonPropertyName("alg")] public string? Alg { get; set; }
    [JsonPropertyName("typ")] public string? Typ { get; set; }
    [JsonPropertyName("kid")] public string? Kid { get; set; }
    // RFC 7515 section 4.1.11: a critical extension this verifier does not understand makes the token invalid.
    [JsonPropertyName("crit")] public JsonElement? Crit { get; set; }
    // RFC 7516 section 4.1.3: compression belongs to JWE; never inflate anything from a token.
    [JsonPropertyName("zip")] public JsonElement? Zip { get; set; }
    [JsonPropertyName("enc")] public JsonElement? Enc { get; set; }
}

internal sealed class VideoGrantJson
{
    [JsonPropertyName("roomCreate")] public bool? RoomCreate { get; set; }
    [JsonPropertyName("roomList")] public bool? RoomList { get; set; }
    [JsonPropertyName("roomRecord")] public bool? RoomRecord { get; set; }
    [JsonPropertyName("roomAdmin")] public bool? RoomAdmin { get; set; }
    [JsonPropertyName("roomJoin")] public bool? RoomJoin { get; set; }
    [JsonPropertyName("room")] public string? Room { get; set; }
    [JsonPropertyName("canPublish")] public bool? CanPublish { get; set; }
    [JsonPropertyName("canSubscribe")] public bool? CanSubscribe { get; set; }
    [JsonPropertyName("canPublishData")] public bool? CanPublishData { get; set; }
    [JsonPropertyName("canPublishSources")] public List<string>? CanPublishSources { get; set; }
    [JsonPropertyName("canUpdateOwnMetadata")] public bool? CanUpdateOwnMetadata { get; set; }
    [JsonPropertyName("ingressAdmin")] public bool? IngressAdmin { get; set; }
    [JsonPropertyName("hidden")] public bool? Hidden { get; set; }
    [JsonPropertyName("recorder")] public bool? Recorder { get; set; }
    [JsonPropertyName("agent")] public bool? Agent { get; set; }
    [JsonPropertyName("canSubscribeMetrics")] public bool? CanSubscribeMetrics { get; set; }
    [JsonPropertyName("canManageAgentSession")] public bool? CanManageAgentSession { get; set; }
    [JsonPropertyName("destinationRoom")] public string? DestinationRoom { get; set; }
}

internal sealed class JwtPayloadJson
{
    [JsonPropertyName("iss")] public string? Iss { get; set; }
    [JsonPropertyName("sub")] public string? Sub { get; set; }
    [JsonPropertyName("jti")] public string? Jti { get; set; }
    // NumericDate (RFC 7519 section 2): seconds, possibly fractional.
    [JsonPropertyName("exp")] public double? Exp { get; set; }
    [JsonPropertyName("nbf")] public double? Nbf { get; set; }
    [JsonPropertyName("iat")] public double? Iat { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("metadata")] public string? Metadata { get; set; }
    [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("kindDetails")] public List<string>? KindDetails { get; set; }
    [JsonPropertyName("video")] public VideoGrantJson? Video { get; set; }
    [JsonPropertyName("roomConfig")] public JsonElement? RoomConfig { get; set; }
    [JsonPropertyName("roomPreset")] public string? RoomPreset { get; set; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; set; }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16)]
[JsonSerializable(typeof(JwtHeaderJson))]
[JsonSerializable(typeof(JwtPayloadJson))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
