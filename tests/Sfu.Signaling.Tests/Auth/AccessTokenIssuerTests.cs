using Microsoft.Extensions.Time.Testing;
using Sfu.Signaling.Auth;
using static Sfu.Signaling.Tests.Auth.TestJwt;

namespace Sfu.Signaling.Tests.Auth;

/// <summary>Minted tokens carry LiveKit's header and registered claims; refresh tokens keep the grants and live at least 10 minutes.</summary>
public class AccessTokenIssuerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
    private static readonly AccessTokenVerifier Verifier = new(new ApiKeyProvider(new Dictionary<string, string> { [DevKey] = DevSecret }), new FakeTimeProvider(Now));

    private static ClaimGrants Grants(DateTimeOffset? expires) => new()
    {
        Identity = "alice",
        Video = new VideoGrant { RoomJoin = true, Room = "r1", CanPublishSources = ["camera"] },
        ExpiresAt = expires,
    };

    [Fact]
    public void Header_is_HS256_JWT_and_times_are_whole_seconds()
    {
        var token = AccessTokenIssuer.Mint(DevKey, DevSecret, Grants(null), Now, TimeSpan.FromSeconds(90.2));
        Assert.StartsWith(B64("""{"alg":"HS256","typ":"JWT"}""") + ".", token, StringComparison.Ordinal);
        var v = Verifier.Verify(token);
        Assert.True(v.IsValid, v.Error.Message);
        Assert.Equal(Now.AddSeconds(91), v.Grants.ExpiresAt);
        Assert.Equal(Now, v.Grants.NotBefore);
        Assert.Equal(Now, v.Grants.IssuedAt);
    }

    [Fact]
    public void Refresh_lives_at_least_ten_minutes()
    {
        var soon = Verifier.Verify(AccessTokenIssuer.MintRefresh(DevKey, DevSecret, Grants(Now.AddMinutes(2)), Now));
        Assert.Equal(Now.AddMinutes(10), soon.Grants!.ExpiresAt);
        var later = Verifier.Verify(AccessTokenIssuer.MintRefresh(DevKey, DevSecret, Grants(Now.AddHours(5)), Now));
        Assert.Equal(Now.AddHours(5), later.Grants!.ExpiresAt);
        Assert.Equal(["camera"], later.Grants.Video!.CanPublishSources);
        Assert.Equal("alice", later.Grants.Identity);
    }
}
