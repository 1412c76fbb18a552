using Google.Protobuf;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Auth;

/// <summary>
/// The verified claims of a LiveKit access token (protocol <c>auth/grants.go</c> ClaimGrants), with the
/// registered claims that matter here. Built by <see cref="AccessTokenVerifier"/>, or by the server to
/// mint a token with <see cref="AccessTokenIssuer"/>.
/// </summary>
public sealed record ClaimGrants
{
    /// <summary><c>iss</c>: the API key whose secret signed the token.</summary>
    public string ApiKey { get; init; } = "";
    /// <summary>The participant identity: <c>sub</c>, or <c>jti</c> for legacy tokens.</summary>
    public string Identity { get; init; } = "";
    /// <summary><c>name</c>: display name.</summary>
    public string? Name { get; init; }
    /// <summary><c>metadata</c>.</summary>
    public string? Metadata { get; init; }
    /// <summary><c>attributes</c>.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    /// <summary><c>kind</c>: lowercase ParticipantInfo.Kind name ("standard", "agent", ...).</summary>
    public string? Kind { get; init; }
    /// <summary><c>kindDetails</c>: lowercase ParticipantInfo.KindDetail names.</summary>
    public IReadOnlyList<string> KindDetails { get; init; } = [];
    /// <summary><c>video</c>; null when the token has none (then it cannot join).</summary>
    public VideoGrant? Video { get; init; }
    /// <summary><c>roomConfig</c> exactly as it appeared in the token (protojson of RoomConfiguration), or null.</summary>
    public string? RoomConfigJson { get; init; }
    /// <summary><c>roomPreset</c>.</summary>
    public string? RoomPreset { get; init; }
    /// <summary><c>sha256</c>: base64 SHA-256 of a webhook body.</summary>
    public string? Sha256 { get; init; }
    /// <summary><c>exp</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary><c>nbf</c>.</summary>
    public DateTimeOffset? NotBefore { get; init; }
    /// <summary><c>iat</c> (Go SDK only; never required).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    private static readonly JsonParser RoomConfigParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The roomConfig claim parsed (camelCase or snake_case names), or null when absent or unreadable.</summary>
    public RoomConfiguration? GetRoomConfiguration()
    {
        if (string.IsNullOrEmpty(RoomConfigJson)) return null;
        try
        {
            return RoomConfigParser.Parse<RoomConfiguration>(RoomConfigJson);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        catch (InvalidJsonException)
        {
            return null;
        }
    }

    /// <summary>The participant kind from the <c>kind</c> claim (Standard when absent or unknown).</summary>
    public ParticipantInfo.Types.Kind ParticipantKind => Kind?.ToUpperInvariant() switch
    {
        "INGRESS" => ParticipantInfo.Types.Kind.Ingress,
        "EGRESS" => ParticipantInfo.Types.Kind.Egress,
        "SIP" => ParticipantInfo.Types.Kind.Sip,
        "AGENT" => ParticipantInfo.Types.Kind.Agent,
        "CONNECTOR" => ParticipantInfo.Types.Kind.Connector,
        "BRIDGE" => ParticipantInfo.Types.Kind.Bridge,
        _ => ParticipantInfo.Types.Kind.Standard,
    };
}
