using System.Text.Json.Nodes;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using static Sfu.Signaling.Tests.Auth.TestJwt;

namespace Sfu.Signaling.Tests.Auth;

/// <summary>Tokens minted by livekit-server-sdk's AccessToken verify here, and tokens minted here verify with its TokenVerifier.</summary>
public class LiveKitServerSdkTokenInteropTests
{
    private static readonly ApiKeyProvider Keys = new(new Dictionary<string, string> { [DevKey] = DevSecret, [LongKey] = LongSecret });

    private static string[] MintInNode(params JsonObject[] specs)
    {
        var output = NodeInterop.Run(NodeInterop.ToolScript("token-mint.js"), [], new JsonArray(specs).ToJsonString());
        return JsonNode.Parse(output)!.AsArray().Select(t => (string)t!).ToArray();
    }

    private static JsonObject Spec(string apiKey, string secret, JsonObject video, string identity = "alice") => new()
    {
        ["apiKey"] = apiKey,
        ["secret"] = secret,
        ["identity"] = identity,
        ["video"] = video,
    };

    [Fact]
    public void Node_minted_tokens_verify_with_the_dev_secret_and_a_long_secret()
    {
        var full = Spec(DevKey, DevSecret, new JsonObject
        {
            ["roomJoin"] = true,
            ["room"] = "room-1",
            ["canPublish"] = true,
            ["canSubscribe"] = false,
            ["canPublishSources"] = new JsonArray("camera", "microphone"),
            ["canUpdateOwnMetadata"] = true,
            ["hidden"] = true,
        });
        full["name"] = "Alice";
        full["metadata"] = "{\"m\":1}";
        full["attributes"] = new JsonObject { ["team"] = "red" };
        full["kind"] = "agent";
        full["roomConfig"] = new JsonObject { ["name"] = "room-1", ["emptyTimeout"] = 42, ["maxParticipants"] = 7 };
        var tokens = MintInNode(
            full,
            Spec(LongKey, LongSecret, new JsonObject { ["roomJoin"] = true, ["room"] = "room-2" }, identity: "bob"));

        var verifier = new AccessTokenVerifier(Keys, TimeProvider.System);
        var a = verifier.Verify(tokens[0]);
        Assert.True(a.IsValid, a.Error.Message);
        Assert.Equal("alice", a.Grants.Identity);
        Assert.Equal("Alice", a.Grants.Name);
        Assert.Equal("{\"m\":1}", a.Grants.Metadata);
        Assert.Equal("red", a.Grants.Attributes["team"]);
        Assert.Equal(ParticipantInfo.Types.Kind.Agent, a.Grants.ParticipantKind);
        var video = a.Grants.Video!;
        Assert.Equal("room-1", video.Room);
        Assert.True(video.RoomJoin);
        Assert.False(video.AllowsSubscribe);
        Assert.True(video.AllowsPublishData);
        Assert.True(video.AllowsUpdateOwnMetadata);
        Assert.True(video.Hidden);
        Assert.Equal(["camera", "microphone"], video.CanPublishSources);
        Assert.False(video.AllowsPublishSource(TrackSource.ScreenShare));
        var config = a.Grants.GetRoomConfiguration();
        Assert.NotNull(config);
        Assert.Equal(42u, config.EmptyTimeout);
        Assert.Equal(7u, config.MaxParticipants);
        Assert.NotNull(a.Grants.NotBefore);
        Assert.Null(a.Grants.IssuedAt); // the node SDK writes no iat

        var b = verifier.Verify(tokens[1]);
        Assert.True(b.IsValid, b.Error.Message);
        Assert.Equal("bob", b.Grants.Identity);
        Assert.Equal(LongKey, b.Grants.ApiKey);
        // Default TTL 6 h.
        Assert.InRange(b.Grants.ExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(5.9), TimeSpan.FromHours(6.1));
    }

    [Fact]
    public void Node_minted_tokens_with_a_wrong_secret_or_unknown_key_are_refused()
    {
        var tokens = MintInNode(
            Spec(DevKey, "not-the-secret", new JsonObject { ["roomJoin"] = true, ["room"] = "r" }),
            Spec("unknown-key", DevSecret, new JsonObject { ["roomJoin"] = true, ["room"] = "r" }));
        var verifier = new AccessTokenVerifier(Keys, TimeProvider.System);
        var wrongSecret = verifier.Verify(tokens[0]);
        Assert.Equal((401, "invalid authorization token: signature is invalid"), (wrongSecret.Error.StatusCode, wrongSecret.Error.Message));
        var unknown = verifier.Verify(tokens[1]);
        Assert.Equal((401, "invalid API key: unknown-key"), (unknown.Error.StatusCode, unknown.Error.Message));
    }

    [Fact]
    public void Tokens_minted_here_verify_with_the_node_sdk_TokenVerifier()
    {
        var grants = new ClaimGrants
        {
            Identity = "carol",
            Name = "Carol",
            Attributes = new Dictionary<string, string> { ["k"] = "v" },
            Kind = "standard",
            Video = new VideoGrant { RoomJoin = true, Room = "r9", CanPublish = false, CanPublishSources = ["screen_share"], CanUpdateOwnMetadata = true },
            RoomConfigJson = """{"name":"r9","emptyTimeout":5}""",
        };
        var shortToken = AccessTokenIssuer.Mint(DevKey, DevSecret, grants, TimeProvider.System, TimeSpan.FromMinutes(10));
        var longToken = AccessTokenIssuer.Mint(LongKey, LongSecret, grants with { Video = null, Identity = "", Sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" }, TimeProvider.System, TimeSpan.FromMinutes(5));
        var request = new JsonArray(
            new JsonObject { ["apiKey"] = DevKey, ["secret"] = DevSecret, ["token"] = shortToken },
            new JsonObject { ["apiKey"] = LongKey, ["secret"] = LongSecret, ["token"] = longToken },
            new JsonObject { ["apiKey"] = DevKey, ["secret"] = "wrong", ["token"] = shortToken });
        var results = JsonNode.Parse(NodeInterop.Run(NodeInterop.ToolScript("token-verify.js"), [], request.ToJsonString()))!.AsArray();

        Assert.True((bool)results[0]!["ok"]!, (string?)results[0]!["error"]);
        var claims = results[0]!["claims"]!;
        Assert.Equal("carol", (string?)claims["sub"]);
        Assert.Equal(DevKey, (string?)claims["iss"]);
        Assert.Equal("Carol", (string?)claims["name"]);
        Assert.Equal("v", (string?)claims["attributes"]!["k"]);
        Assert.True((bool)claims["video"]!["roomJoin"]!);
        Assert.False((bool)claims["video"]!["canPublish"]!);
        Assert.Equal("screen_share", (string?)claims["video"]!["canPublishSources"]![0]);
        Assert.Equal(5, (int)claims["roomConfig"]!["emptyTimeout"]!);

        Assert.True((bool)results[1]!["ok"]!, (string?)results[1]!["error"]);
        Assert.Null(results[1]!["claims"]!["sub"]);
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", (string?)results[1]!["claims"]!["sha256"]);

        Assert.False((bool)results[2]!["ok"]!);
    }

    [Fact]
    public void Tokens_minted_here_verify_here_with_the_same_grants()
    {
        var now = DateTimeOffset.UtcNow;
        var grants = new ClaimGrants
        {
            Identity = "dave",
            Metadata = "meta",
            KindDetails = ["forwarded"],
            Video = new VideoGrant { RoomJoin = true, Room = "r", CanSubscribe = true, RoomAdmin = true, DestinationRoom = "r2" },
        };
        var token = AccessTokenIssuer.Mint(DevKey, DevSecret, grants, now, TimeSpan.FromMinutes(1));
        var v = new AccessTokenVerifier(Keys, TimeProvider.System).Verify(token);
        Assert.True(v.IsValid, v.Error.Message);
        Assert.Equal(grants.Video, v.Grants.Video! with { CanPublishSources = grants.Video.CanPublishSources });
        Assert.Equal("dave", v.Grants.Identity);
        Assert.Equal("meta", v.Grants.Metadata);
        Assert.Equal(["forwarded"], v.Grants.KindDetails);
        Assert.Equal(now.ToUnixTimeSeconds() + 60, v.Grants.ExpiresAt!.Value.ToUnixTimeSeconds());
    }
}
