using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using static Sfu.Signaling.Tests.Auth.TestJwt;

namespace Sfu.Signaling.Tests.Auth;

/// <summary>The token verifier accepts what LiveKit accepts (any secret length) and refuses the classic JWT attacks with LiveKit's 401 texts.</summary>
public class AccessTokenVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);
    private static readonly ApiKeyProvider Keys = new(new Dictionary<string, string> { [DevKey] = DevSecret, [LongKey] = LongSecret });

    private static AccessTokenVerifier At(DateTimeOffset now) => new(Keys, new FakeTimeProvider(now));

    private static void AssertRefused(TokenVerification v, string text)
    {
        Assert.False(v.IsValid, "token was accepted, expected: " + text);
        Assert.Equal(401, v.Error.StatusCode);
        Assert.Equal(text, v.Error.Message);
    }

    [Fact]
    public void Hand_signed_token_with_the_short_dev_secret_verifies()
    {
        var v = At(Now).Verify(Hs256(JoinPayload(Now)));
        Assert.True(v.IsValid, v.Error.Message);
        Assert.Equal("alice", v.Grants.Identity);
        Assert.Equal(DevKey, v.Grants.ApiKey);
        Assert.Equal("r1", v.Grants.Video!.Room);
        Assert.True(v.Grants.Video.RoomJoin);
        Assert.Equal(Now.AddHours(1), v.Grants.ExpiresAt);
    }

    [Fact]
    public void Defaults_follow_livekit_grants()
    {
        var v = At(Now).Verify(Hs256(JoinPayload(Now)));
        var video = v.Grants!.Video!;
        Assert.True(video.AllowsPublish);
        Assert.True(video.AllowsSubscribe);
        Assert.True(video.AllowsPublishData);
        Assert.False(video.AllowsUpdateOwnMetadata);
        Assert.Empty(video.CanPublishSources);
        Assert.True(video.AllowsPublishSource(TrackSource.ScreenShare));
        var permission = video.ToParticipantPermission();
        Assert.True(permission.CanPublish && permission.CanSubscribe && permission.CanPublishData);
        Assert.False(permission.CanUpdateMetadata);
        Assert.Empty(permission.CanPublishSources);

        var noPublish = JoinPayload(Now);
        noPublish["video"]!["canPublish"] = false;
        var restricted = At(Now).Verify(Hs256(noPublish)).Grants!.Video!;
        Assert.False(restricted.AllowsPublish);
        Assert.False(restricted.AllowsPublishData); // canPublishData defaults to canPublish
        Assert.False(restricted.AllowsPublishSource(TrackSource.Camera));
    }

    [Fact]
    public void Publish_sources_restrict_to_the_listed_lowercase_names()
    {
        var p = JoinPayload(Now);
        p["video"]!["canPublishSources"] = new JsonArray("camera", "screen_share_audio");
        var video = At(Now).Verify(Hs256(p)).Grants!.Video!;
        Assert.True(video.AllowsPublishSource(TrackSource.Camera));
        Assert.True(video.AllowsPublishSource(TrackSource.ScreenShareAudio));
        Assert.False(video.AllowsPublishSource(TrackSource.Microphone));
        Assert.False(video.AllowsPublishSource(TrackSource.ScreenShare));
        Assert.Equal([TrackSource.Camera, TrackSource.ScreenShareAudio], video.ToParticipantPermission().CanPublishSources);
    }

    [Fact]
    public void Identity_falls_back_to_jti_when_sub_is_absent()
    {
        var p = JoinPayload(Now);
        p.Remove("sub");
        p["jti"] = "legacy-id";
        Assert.Equal("legacy-id", At(Now).Verify(Hs256(p)).Grants!.Identity);
    }

    [Fact]
    public void Typ_iat_and_aud_are_not_required_and_typ_JWT_is_fine()
    {
        var p = JoinPayload(Now);
        Assert.True(At(Now).Verify(Sign("""{"alg":"HS256","typ":"JWT"}""", p.ToJsonString(), DevSecret)).IsValid);
        p["aud"] = "someone-else";
        p["iat"] = Now.ToUnixTimeSeconds() + 100_000; // iat is not checked (golang-jwt v5 default)
        Assert.True(At(Now).Verify(Hs256(p)).IsValid);
    }

    [Fact]
    public void Wrong_secret_is_refused()
        => AssertRefused(At(Now).Verify(Hs256(JoinPayload(Now), "not-the-secret")), "invalid authorization token: signature is invalid");

    [Fact]
    public void Unknown_or_missing_issuer_is_refused_as_invalid_api_key()
    {
        AssertRefused(At(Now).Verify(Hs256(JoinPayload(Now, iss: "otherkey"))), "invalid API key: otherkey");
        var p = JoinPayload(Now);
        p.Remove("iss");
        AssertRefused(At(Now).Verify(Hs256(p)), "invalid API key: ");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("RS256")]
    [InlineData("ES256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("hs256")]
    public void Any_algorithm_but_HS256_is_refused_even_with_a_valid_HMAC(string alg)
    {
        var payload = JoinPayload(Now).ToJsonString();
        var signed = Sign("{\"alg\":\"" + alg + "\"}", payload, DevSecret);
        AssertRefused(At(Now).Verify(signed), "invalid authorization token: signing method " + alg + " is invalid");
    }

    [Fact]
    public void Unsigned_alg_none_token_is_refused()
    {
        var token = B64("""{"alg":"none"}""") + "." + B64(JoinPayload(Now).ToJsonString()) + ".";
        Assert.False(At(Now).Verify(token).IsValid);
        Assert.Equal(401, At(Now).Verify(token).Error.StatusCode);
        var missingAlg = Sign("""{"typ":"JWT"}""", JoinPayload(Now).ToJsonString(), DevSecret);
        AssertRefused(At(Now).Verify(missingAlg), "invalid authorization token: signing method (none) is invalid");
    }

    [Fact]
    public void Critical_or_compression_headers_are_refused()
    {
        var payload = JoinPayload(Now).ToJsonString();
        Assert.False(At(Now).Verify(Sign("""{"alg":"HS256","crit":["b64"],"b64":false}""", payload, DevSecret)).IsValid);
        Assert.False(At(Now).Verify(Sign("""{"alg":"HS256","zip":"DEF"}""", payload, DevSecret)).IsValid);
    }

    [Fact]
    public void Five_part_JWE_is_refused_without_decoding()
    {
        var jwe = B64("""{"alg":"dir","enc":"A128GCM","zip":"DEF"}""") + "..AAAAAAAAAAAAAAAA.ciphertext.tagtagtagtagtagtagtagQ";
        AssertRefused(At(Now).Verify(jwe), "invalid authorization token");
        var fourParts = Hs256(JoinPayload(Now)) + ".extra";
        AssertRefused(At(Now).Verify(fourParts), "invalid authorization token");
    }

    [Fact]
    public void Token_over_8_KiB_is_refused_and_one_just_under_verifies()
    {
        var p = JoinPayload(Now);
        p["metadata"] = new string('m', 9000);
        AssertRefused(At(Now).Verify(Hs256(p)), "invalid authorization token");

        var baseLength = Hs256(JoinPayload(Now)).Length;
        var fits = JoinPayload(Now);
        // base64url grows 4/3; stay a little under the limit.
        fits["metadata"] = new string('m', (AccessTokenVerifier.MaxTokenLength - baseLength - 40) * 3 / 4);
        var token = Hs256(fits);
        Assert.True(token.Length <= AccessTokenVerifier.MaxTokenLength);
        Assert.True(At(Now).Verify(token).IsValid);
    }

    [Fact]
    public void Missing_exp_is_refused()
    {
        var p = JoinPayload(Now);
        p.Remove("exp");
        AssertRefused(At(Now).Verify(Hs256(p)), "invalid authorization token: token is missing required claim: exp claim is required");
    }

    [Theory]
    [InlineData(-59, true)]
    [InlineData(-60, false)]
    [InlineData(-61, false)]
    [InlineData(0, true)]
    [InlineData(3600, true)]
    public void Exp_has_60_seconds_leeway(int expOffsetSeconds, bool accepted)
    {
        var p = JoinPayload(Now);
        p["exp"] = Now.ToUnixTimeSeconds() + expOffsetSeconds;
        var v = At(Now).Verify(Hs256(p));
        Assert.Equal(accepted, v.IsValid);
        if (!accepted) Assert.Equal("invalid authorization token: token is expired", v.Error.Message);
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, true)]
    [InlineData(61, false)]
    [InlineData(-1000, true)]
    public void Nbf_has_60_seconds_leeway(int nbfOffsetSeconds, bool accepted)
    {
        var p = JoinPayload(Now);
        p["nbf"] = Now.ToUnixTimeSeconds() + nbfOffsetSeconds;
        var v = At(Now).Verify(Hs256(p));
        Assert.Equal(accepted, v.IsValid);
        if (!accepted) Assert.Equal("invalid authorization token: token is not valid yet", v.Error.Message);
    }

    [Fact]
    public void Time_moves_with_the_time_provider()
    {
        var clock = new FakeTimeProvider(Now);
        var verifier = new AccessTokenVerifier(Keys, clock);
        var token = Hs256(JoinPayload(Now));
        Assert.True(verifier.Verify(token).IsValid);
        clock.Advance(TimeSpan.FromSeconds(3600 + 59));
        Assert.True(verifier.Verify(token).IsValid);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(verifier.Verify(token).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("..")]
    [InlineData("e30.e30.")]
    [InlineData("e30=.e30.AAAA")]
    [InlineData("e3 0.e30.AAAA")]
    [InlineData("e30.e30.AAAA")]
    [InlineData("W10.W10.AAAA")]
    [InlineData("bnVsbA.bnVsbA.AAAA")]
    public void Malformed_tokens_are_refused_as_invalid_authorization_token(string token)
    {
        var v = At(Now).Verify(token);
        Assert.False(v.IsValid);
        Assert.Equal(401, v.Error.StatusCode);
        Assert.StartsWith("invalid", v.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_of_the_wrong_json_type_are_refused_not_thrown()
    {
        foreach (var bad in new[]
        {
            """{"iss":"devkey","sub":5,"exp":9999999999}""",
            """{"iss":"devkey","exp":"tomorrow"}""",
            """{"iss":"devkey","exp":9999999999,"video":{"roomJoin":"yes"}}""",
            """{"iss":"devkey","exp":9999999999,"attributes":{"a":1}}""",
            """{"iss":"devkey","exp":9999999999,"video":{"canPublishSources":[1]}}""",
            """{"iss":["devkey"],"exp":9999999999}""",
        })
            AssertRefused(At(Now).Verify(Sign("""{"alg":"HS256"}""", bad, DevSecret)), "invalid authorization token");
    }

    [Fact]
    public void Altered_payload_or_truncated_signature_is_refused()
    {
        var token = Hs256(JoinPayload(Now));
        var parts = token.Split('.');
        var evil = JoinPayload(Now, room: "other-room");
        Assert.False(At(Now).Verify(parts[0] + "." + B64(evil.ToJsonString()) + "." + parts[2]).IsValid);
        Assert.False(At(Now).Verify(parts[0] + "." + parts[1] + "." + parts[2][..^4]).IsValid);
        Assert.False(At(Now).Verify(parts[0] + "." + parts[1] + "." + parts[2] + "AAAA").IsValid);
    }

    [Fact]
    public void Random_strings_never_throw()
    {
        var verifier = At(Now);
        Gen.String.Sample(s =>
        {
            var v = verifier.Verify(s);
            Assert.False(v.IsValid);
            Assert.Equal(401, v.Error.StatusCode);
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Mutated_tokens_never_throw_and_verify_only_when_the_signed_bytes_are_unchanged()
    {
        var verifier = At(Now);
        var token = Hs256(JoinPayload(Now));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9";
        var gen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, token.Length - 1], Gen.Int[0, alphabet.Length - 1], Gen.Int[1, 64]);
        gen.Sample((kind, position, charIndex, count) =>
        {
            var sb = new StringBuilder(token);
            switch (kind)
            {
                case 0: sb[position] = alphabet[charIndex]; break;                      // flip one character
                case 1: sb.Length = position; break;                                    // truncate
                case 2: sb.Insert(position, new string(alphabet[charIndex], count)); break; // insert
                default: sb.Remove(position, Math.Min(count, token.Length - position)); break; // delete
            }
            var mutated = sb.ToString();
            var v = verifier.Verify(mutated);
            if (v.IsValid)
            {
                // Only base64url slack (unused low bits of a segment's last character) can keep a token valid.
                Assert.Equal(token.Length, mutated.Length);
                Assert.Equal("alice", v.Grants.Identity);
                Assert.Equal("r1", v.Grants.Video!.Room);
            }
            else
            {
                Assert.Equal(401, v.Error.StatusCode);
            }
        }, iter: PropertyCases.Count);
    }
}
