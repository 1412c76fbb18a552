using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using static Sfu.Signaling.Tests.Auth.TestJwt;

namespace Sfu.Signaling.Tests.Http;

/// <summary>The v0 /rtc query is validated in LiveKit's order, with its statuses and texts, and parsed into a connect request.</summary>
public class RtcConnectValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 4, 0, 0, TimeSpan.Zero);

    private static RtcConnectValidator Validator(RtcValidationOptions? options = null) =>
        new(new AccessTokenVerifier(new ApiKeyProvider(new Dictionary<string, string> { [DevKey] = DevSecret }), new FakeTimeProvider(Now)), options);

    private static RtcConnectValidation Run(JsonObject? payload, string query = "", RtcValidationOptions? options = null, bool strict = true) =>
        Validator(options).Validate(payload is null ? null : Hs256(payload), RtcParameters.FromQueryString(query), "10.0.0.7", strict);

    private static void AssertError(RtcConnectValidation v, int status, string text)
    {
        Assert.False(v.IsValid);
        Assert.Equal((status, text), (v.Error.StatusCode, v.Error.Message));
    }

    private static JsonObject Join(Action<JsonObject>? edit = null)
    {
        var p = JoinPayload(Now);
        edit?.Invoke(p);
        return p;
    }

    [Fact]
    public void Js_sdk_query_is_parsed()
    {
        var v = Run(Join(), "?auto_subscribe=0&sdk=js&version=2.23.0&protocol=17&client_protocol=2&os=Linux&os_version=6.1&browser=Chrome&browser_version=156&device_model=pc&adaptive_stream=1&network=wifi");
        Assert.True(v.IsValid, v.Error.Message);
        var r = v.Request;
        Assert.Equal("alice", r.Identity);
        Assert.Equal("r1", r.RoomName);
        Assert.False(r.AutoSubscribe);
        Assert.True(r.AdaptiveStream);
        Assert.False(r.Reconnect);
        Assert.Null(r.ParticipantSid);
        Assert.Equal(17, r.Protocol);
        var ci = r.ClientInfo;
        Assert.Equal(ClientInfo.Types.SDK.Js, ci.Sdk);
        Assert.Equal("2.23.0", ci.Version);
        Assert.Equal(2, ci.ClientProtocol);
        Assert.Equal(("Linux", "6.1", "Chrome", "156", "pc", "wifi"), (ci.Os, ci.OsVersion, ci.Browser, ci.BrowserVersion, ci.DeviceModel, ci.Network));
        Assert.Equal("10.0.0.7", ci.Address);
    }

    [Fact]
    public void Defaults_when_parameters_are_absent()
    {
        var r = Run(Join()).Request!;
        Assert.True(r.AutoSubscribe);
        Assert.False(r.AdaptiveStream);
        Assert.Null(r.SubscriberAllowPause);
        Assert.Null(r.AutoSubscribeDataTrack);
        Assert.False(r.DisableIceLite);
        Assert.Equal(ClientInfo.Types.SDK.Unknown, r.ClientInfo.Sdk);
        Assert.Equal(0, r.Protocol);
    }

    [Fact]
    public void Resume_parameters_and_rust_capabilities_are_parsed()
    {
        var r = Run(Join(), "?reconnect=1&sid=PA_abc&reconnect_reason=3&sdk=rust&capabilities=CAP_PACKET_TRAILER,bogus,cap_compression_deflate_raw&subscriber_allow_pause=true&disable_ice_lite=1&auto_subscribe_data_track=0").Request!;
        Assert.True(r.Reconnect);
        Assert.Equal("PA_abc", r.ParticipantSid);
        Assert.Equal(ReconnectReason.RrSubscriberFailed, r.ReconnectReason);
        Assert.Equal(ClientInfo.Types.SDK.Rust, r.ClientInfo.Sdk);
        Assert.Equal([ClientInfo.Types.Capability.CapPacketTrailer, ClientInfo.Types.Capability.CapCompressionDeflateRaw], r.ClientInfo.Capabilities);
        Assert.True(r.SubscriberAllowPause);
        Assert.True(r.DisableIceLite);
        Assert.False(r.AutoSubscribeDataTrack);
        // sid without reconnect is ignored (LiveKit only takes it on resume).
        Assert.Null(Run(Join(), "?sid=PA_abc").Request!.ParticipantSid);
    }

    [Fact]
    public void No_token_or_no_video_grant_is_401_no_permissions()
    {
        AssertError(Run(null), 401, "no permissions to access the room");
        AssertError(Run(Join(p => p.Remove("video"))), 401, "no permissions to access the room");
    }

    [Fact]
    public void Token_failures_keep_the_verifier_texts()
    {
        var v = Validator().Validate(Hs256(JoinPayload(Now), "bad"), RtcParameters.FromQueryString(""), "", strict: true);
        AssertError(v, 401, "invalid authorization token: signature is invalid");
    }

    [Fact]
    public void Missing_roomJoin_is_401_permissions_denied()
        => AssertError(Run(Join(p => p["video"] = new JsonObject { ["room"] = "r1", ["canPublish"] = true })), 401, "permissions denied");

    [Fact]
    public void Empty_identity_is_400()
        => AssertError(Run(Join(p => p.Remove("sub"))), 400, "identity cannot be empty");

    [Fact]
    public void Room_comes_from_the_token_else_the_room_parameter()
    {
        AssertError(Run(Join(p => p["video"]!.AsObject().Remove("room"))), 400, "no room name");
        Assert.Equal("from-query", Run(Join(p => p["video"]!.AsObject().Remove("room")), "?room=from-query").Request!.RoomName);
        Assert.Equal("r1", Run(Join(), "?room=from-query").Request!.RoomName);
    }

    [Fact]
    public void Identity_and_room_length_limits_count_utf8_bytes()
    {
        var options = new RtcValidationOptions { MaxParticipantIdentityLength = 8, MaxRoomNameLength = 6 };
        Assert.True(Run(Join(p => p["sub"] = "12345678"), options: options).IsValid);
        AssertError(Run(Join(p => p["sub"] = "1234567é"), options: options), 400, "participant identity length exceeds limits: max length 8");
        AssertError(Run(Join(p => p["video"]!["room"] = "room-77"), options: options), 400, "room name length exceeds limits: max length 6");
        AssertError(Run(Join(p => p["sub"] = new string('x', 257))), 400, "participant identity length exceeds limits: max length 256");
        AssertError(Run(Join(p => p["video"]!["room"] = new string('x', 257))), 400, "room name length exceeds limits: max length 256");
    }

    [Fact]
    public void Unknown_room_is_404_when_auto_create_is_off_unless_roomCreate()
    {
        var options = new RtcValidationOptions { AutoCreateRooms = false, RoomExists = name => name == "exists" };
        AssertError(Run(Join(), options: options), 404, "requested room does not exist");
        Assert.True(Run(Join(p => p["video"]!["room"] = "exists"), options: options).IsValid);
        Assert.True(Run(Join(p => p["video"]!["roomCreate"] = true), options: options).IsValid);
        Assert.True(Run(Join()).IsValid); // auto-create on by default
    }

    [Fact]
    public void Attributes_need_canUpdateOwnMetadata_and_merge_without_deleting()
    {
        var attrs = B64("""{"color":"red","team":""}""");
        AssertError(Run(Join(), "?attributes=" + attrs), 401, "no permissions to access the room");

        var withGrant = Join(p =>
        {
            p["video"]!["canUpdateOwnMetadata"] = true;
            p["attributes"] = new JsonObject { ["team"] = "blue" };
        });
        var r = Run(withGrant, "?attributes=" + attrs).Request!;
        Assert.Equal("red", r.Grants.Attributes["color"]);
        Assert.Equal("blue", r.Grants.Attributes["team"]);

        // Padded base64url, as Go's URLEncoding writes it, is accepted too.
        var padded = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"a":"b"}""")).Replace('+', '-').Replace('/', '_');
        Assert.Equal("b", Run(withGrant, "?attributes=" + Uri.EscapeDataString(padded)).Request!.Grants.Attributes["a"]);
    }

    [Theory]
    [InlineData("not*base64")]
    [InlineData("W10")]       // [] is not a map
    [InlineData("eyJhIjoxfQ")] // {"a":1}: values must be strings
    public void Undecodable_attributes_are_400_on_validate_and_ignored_on_the_websocket_path(string attributes)
    {
        var p = Join(x => x["video"]!["canUpdateOwnMetadata"] = true);
        AssertError(Run(p, "?attributes=" + attributes), 400, "cannot decode attributes");
        var lenient = Run(p, "?attributes=" + attributes, strict: false);
        Assert.True(lenient.IsValid);
        Assert.Empty(lenient.Request!.Grants.Attributes);
    }

    [Fact]
    public void Publish_only_connection_needs_canPublish_and_never_subscribes()
    {
        AssertError(Run(Join(p => p["video"]!["canPublish"] = false), "?publish=screen"), 401, "no permissions to access the room");
        var r = Run(Join(), "?publish=screen").Request!;
        Assert.Equal("alice#screen", r.Identity);
        Assert.Equal("alice#screen", r.Grants.Identity);
        Assert.False(r.Grants.Video!.AllowsSubscribe);
        Assert.Equal("screen", r.Publish);
    }

    [Fact]
    public void Validated_grants_carry_the_participant_permission_the_sdk_checks()
    {
        var permission = Run(Join()).Request!.Grants.Video!.ToParticipantPermission();
        Assert.True(permission.CanPublish);
        Assert.True(permission.CanSubscribe);
        Assert.Empty(permission.CanPublishSources);
    }
}
