using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sfu.Signaling.Auth;

/// <summary>
/// Time-limited TURN credentials for a TURN server configured with a shared secret (coturn
/// <c>use-auth-secret</c>, the "TURN REST API" draft-uberti-behave-turn-rest-00 section 2.2):
/// username <c>&lt;unix expiry&gt;:&lt;identity&gt;</c>, credential base64(HMAC-SHA1(secret, username)).
/// LiveKit fills ICEServer this way for <c>rtc.turn_servers[].secret</c>.
/// </summary>
public readonly record struct TurnRestCredentials(string Username, string Credential)
{
    /// <summary>Credentials for <paramref name="identity"/> that expire at <paramref name="expiresAt"/>.</summary>
    public static TurnRestCredentials Create(string secret, string identity, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(identity);
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + identity;
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return new TurnRestCredentials(username, Convert.ToBase64String(mac));
    }

    /// <summary>Credentials valid for <paramref name="ttl"/> from the clock of <paramref name="time"/>.</summary>
    public static TurnRestCredentials Create(string secret, string identity, TimeProvider time, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Create(secret, identity, time.GetUtcNow() + ttl);
    }
}
