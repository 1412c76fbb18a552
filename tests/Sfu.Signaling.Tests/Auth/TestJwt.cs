using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sfu.Signaling.Tests.Auth;

/// <summary>Hand-built JWS compact tokens for tests, independent of the issuer under test.</summary>
internal static class TestJwt
{
    public const string DevKey = "devkey";
    public const string DevSecret = "secret";
    public const string LongKey = "APIlongkey123";
    public const string LongSecret = "a-production-secret-of-more-than-32-characters!";

    public static string B64(string s) => B64(Encoding.UTF8.GetBytes(s));

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>header.payload.HMAC-SHA256(secret).</summary>
    public static string Sign(string headerJson, string payloadJson, string secret)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        var sig = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return input + "." + B64(sig);
    }

    public static string Hs256(JsonObject payload, string secret = DevSecret) =>
        Sign("""{"alg":"HS256"}""", payload.ToJsonString(), secret);

    /// <summary>A join payload: iss devkey, sub alice, room r1, exp/nbf around <paramref name="now"/>.</summary>
    public static JsonObject JoinPayload(DateTimeOffset now, string iss = DevKey, string room = "r1", string sub = "alice")
    {
        var t = now.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = iss,
            ["sub"] = sub,
            ["nbf"] = t,
            ["exp"] = t + 3600,
            ["video"] = new JsonObject { ["roomJoin"] = true, ["room"] = room },
        };
    }
}
