using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sfu.Signaling.Http;

namespace Sfu.Signaling.Auth;

/// <summary>
/// Verifies LiveKit access tokens: compact JWS (RFC 7515 section 7.1) signed with HS256 (RFC 7518
/// section 3.2) by the secret of the API key named in <c>iss</c>.
/// </summary>
/// <remarks>
/// Written here rather than with Microsoft.IdentityModel, which refuses HS256 keys shorter than 256 bits
/// (IDX10720) and so cannot verify tokens signed with <c>--dev</c>'s secret <c>secret</c>. The rules are
/// LiveKit's (protocol <c>auth/verifier.go</c>, server <c>pkg/service/auth.go</c>): HS256 only, <c>exp</c>
/// required, <c>nbf</c> honoured, 60 s leeway on both, <c>typ</c>/<c>iat</c>/<c>aud</c> not required,
/// identity from <c>sub</c> else <c>jti</c>. Added here: tokens over <see cref="MaxTokenLength"/> and JWE
/// (five-part) tokens are refused before any decoding (CVE-2024-21319 class), <c>crit</c> and <c>zip</c>
/// headers are refused, and base64url is decoded strictly (no padding, no whitespace).
/// Every failure is a 401 result value; nothing here throws on input.
/// </remarks>
public sealed class AccessTokenVerifier
{
    /// <summary>Longest token accepted, in characters (8 KiB).</summary>
    public const int MaxTokenLength = 8 * 1024;

    /// <summary>Clock skew allowed on <c>exp</c> and <c>nbf</c> (golang-jwt WithLeeway(time.Minute) in LiveKit).</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    private const int Hs256SignatureLength = 32;

    private readonly IApiKeyProvider _keys;
    private readonly TimeProvider _time;

    /// <summary>A verifier over the server's keys and clock.</summary>
    public AccessTokenVerifier(IApiKeyProvider keys, TimeProvider time)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Verifies <paramref name="token"/>; returns the grants or LiveKit's 401 text.</summary>
    public TokenVerification Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
            return TokenVerification.Failure(HttpError.InvalidToken);

        // Compact JWS: exactly three parts. Five parts is a JWE (RFC 7516 section 7.1): refused, never decrypted.
        var span = token.AsSpan();
        var firstDot = span.IndexOf('.');
        if (firstDot < 0) return TokenVerification.Failure(HttpError.InvalidToken);
        var secondDot = span[(firstDot + 1)..].IndexOf('.');
        if (secondDot < 0) return TokenVerification.Failure(HttpError.InvalidToken);
        secondDot += firstDot + 1;
        if (span[(secondDot + 1)..].Contains('.')) return TokenVerification.Failure(HttpError.InvalidToken);

        var headerPart = span[..firstDot];
        var payloadPart = span[(firstDot + 1)..secondDot];
        var signaturePart = span[(secondDot + 1)..];

        var buffer = ArrayPool<byte>.Shared.Rent(MaxTokenLength);
        try
        {
            if (!TryDecode(headerPart, buffer, out var headerLength)) return TokenVerification.Failure(HttpError.InvalidToken);
            JwtHeaderJson? header;
            JwtPayloadJson? payload;
            try
            {
                header = JsonSerializer.Deserialize(buffer.AsSpan(0, headerLength), TokenJsonContext.Default.JwtHeaderJson);
                if (!TryDecode(payloadPart, buffer, out var payloadLength)) return TokenVerification.Failure(HttpError.InvalidToken);
                payload = JsonSerializer.Deserialize(buffer.AsSpan(0, payloadLength), TokenJsonContext.Default.JwtPayloadJson);
            }
            catch (JsonException)
            {
                return TokenVerification.Failure(HttpError.InvalidToken);
            }
            if (header is null || payload is null) return TokenVerification.Failure(HttpError.InvalidToken);

            // The secret is chosen by iss before anything is trusted (LiveKit ParseAPIToken, then GetSecret).
            var apiKey = payload.Iss ?? "";
            if (!_keys.TryGetSecret(apiKey, out var secret) || secret.IsEmpty)
                return TokenVerification.Failure(HttpError.InvalidApiKey(apiKey));

            // RFC 8725 section 3.1: the algorithm is fixed by the verifier, never chosen by the token.
            if (!string.Equals(header.Alg, "HS256", StringComparison.Ordinal))
                return TokenVerification.Failure(HttpError.TokenRejected("signing method " + (header.Alg ?? "(none)") + " is invalid"));
            if (header.Crit is not null || header.Zip is not null || header.Enc is not null)
                return TokenVerification.Failure(HttpError.TokenRejected("unsupported header parameter"));

            if (!VerifySignature(span[..secondDot], signaturePart, secret.Span, buffer))
                return TokenVerification.Failure(HttpError.TokenRejected("signature is invalid"));

            var now = _time.GetUtcNow();
            var nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
            if (payload.Exp is not { } exp)
                return TokenVerification.Failure(HttpError.TokenRejected("token is missing required claim: exp claim is required"));
            // RFC 7519 section 4.1.4: reject on or after exp (plus leeway).
            if (nowSeconds >= exp + Leeway.TotalSeconds)
                return TokenVerification.Failure(HttpError.TokenRejected("token is expired"));
            // RFC 7519 section 4.1.5: reject before nbf (minus leeway).
            if (payload.Nbf is { } nbf && nowSeconds + Leeway.TotalSeconds < nbf)
                return TokenVerification.Failure(HttpError.TokenRejected("token is not valid yet"));

            return TokenVerification.Success(ToGrants(payload));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool VerifySignature(ReadOnlySpan<char> signingInput, ReadOnlySpan<char> signaturePart, ReadOnlySpan<byte> secret, byte[] scratch)
    {
        // The signing input is ASCII (base64url and '.'), checked by the strict decoders above.
        var inputLength = Encoding.ASCII.GetBytes(signingInput, scratch);
        Span<byte> expected = stackalloc byte[Hs256SignatureLength];
        HMACSHA256.HashData(secret, scratch.AsSpan(0, inputLength), expected);
        Span<byte> given = stackalloc byte[Hs256SignatureLength + 3];
        if (!TryDecode(signaturePart, given, out var givenLength) || givenLength != Hs256SignatureLength) return false;
        return CryptographicOperations.FixedTimeEquals(expected, given[..givenLength]);
    }

    /// <summary>Strict base64url (RFC 4648 section 5) without padding, as JWS requires (RFC 7515 section 2).</summary>
    private static bool TryDecode(ReadOnlySpan<char> part, Span<byte> destination, out int written)
    {
        written = 0;
        if (part.IsEmpty) return false;
        foreach (var c in part)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_') return false;
        if (part.Length % 4 == 1) return false;
        if (Base64Url.GetMaxDecodedLength(part.Length) > destination.Length) return false;
        var status = Base64Url.DecodeFromChars(part, destination, out var consumed, out written);
        return status == OperationStatus.Done && consumed == part.Length;
    }

    private static ClaimGrants ToGrants(JwtPayloadJson p)
    {
        var v = p.Video;
        return new ClaimGrants
        {
            ApiKey = p.Iss ?? "",
            Identity = !string.IsNullOrEmpty(p.Sub) ? p.Sub : p.Jti ?? "",
            Name = p.Name,
            Metadata = p.Metadata,
            Attributes = p.Attributes ?? new Dictionary<string, string>(),
            Kind = p.Kind,
            KindDetails = p.KindDetails ?? [],
            RoomConfigJson = p.RoomConfig is { ValueKind: JsonValueKind.Object } rc ? rc.GetRawText() : null,
            RoomPreset = p.RoomPreset,
            Sha256 = p.Sha256,
            ExpiresAt = ToTime(p.Exp),
            NotBefore = ToTime(p.Nbf),
            IssuedAt = ToTime(p.Iat),
            Video = v is null ? null : new VideoGrant
            {
                RoomCreate = v.RoomCreate ?? false,
                RoomList = v.RoomList ?? false,
                RoomRecord = v.RoomRecord ?? false,
                RoomAdmin = v.RoomAdmin ?? false,
                RoomJoin = v.RoomJoin ?? false,
                Room = v.Room,
                CanPublish = v.CanPublish,
                CanSubscribe = v.CanSubscribe,
                CanPublishData = v.CanPublishData,
                CanPublishSources = v.CanPublishSources ?? [],
                CanUpdateOwnMetadata = v.CanUpdateOwnMetadata,
                IngressAdmin = v.IngressAdmin ?? false,
                Hidden = v.Hidden ?? false,
                Recorder = v.Recorder ?? false,
                Agent = v.Agent ?? false,
                CanSubscribeMetrics = v.CanSubscribeMetrics,
                CanManageAgentSession = v.CanManageAgentSession,
                DestinationRoom = v.DestinationRoom,
            },
        };
    }

    private static DateTimeOffset? ToTime(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s)) return null;
        // Clamp absurd values instead of throwing: the time checks above already used the raw number.
        var clamped = Math.Clamp(s, -62_135_596_799.0, 253_402_300_798.0);
        return DateTimeOffset.UnixEpoch.AddSeconds(clamped);
    }
}
