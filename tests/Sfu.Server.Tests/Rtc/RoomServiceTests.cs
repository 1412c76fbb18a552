using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using Sfu.Tests.Shared;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// RoomService (Twirp) driven by the real livekit-server-sdk RoomServiceClient (tests/interop/tools/room-service.js),
/// with raw /rtc participants that see the effects (RoomUpdate, ParticipantUpdate, leave, refused actions); and
/// the Twirp error contract with a raw HttpClient.
/// </summary>
public sealed class RoomServiceTests : IAsyncLifetime
{
    private LiveKitServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveKitServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string HttpUrl => $"http://127.0.0.1:{_server.HttpPort}";

    /// <summary>Runs the steps through the SDK; each result is {ok, result} or {ok:false, status, code, message}.</summary>
    private async Task<JsonElement[]> SdkAsync(params object[] steps)
    {
        var json = JsonSerializer.Serialize(steps);
        var (code, stdout, stderr) = await NodeRunner.RunAsync("tools/room-service.js", [HttpUrl, "devkey", "secret", json], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, "room-service.js failed: " + stderr);
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray()];
    }

    private static object Step(string op, params object?[] args) => new { op, args };

    private static void AssertOk(JsonElement r) => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString());

    private static void AssertError(JsonElement r, int status, string code)
    {
        Assert.False(r.GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal(status, r.GetProperty("status").GetInt32());
        Assert.Equal(code, r.GetProperty("code").GetString());
    }

    private async Task<RtcTestClient> JoinAsync(string identity, string room)
    {
        var token = AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants { Identity = identity, Video = new VideoGrant { RoomJoin = true, Room = room } },
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{_server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js"), CancellationToken.None);
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        return c;
    }

    [Fact]
    public async Task The_server_sdk_creates_lists_updates_and_deletes_rooms()
    {
        var r = await SdkAsync(
            Step("createRoom", new { name = "rs-one", emptyTimeout = 60, departureTimeout = 5, maxParticipants = 3, metadata = "first" }),
            Step("createRoom", new { name = "rs-two" }),
            Step("listRooms"),
            Step("listRooms", (object)new[] { "rs-two" }),
            Step("updateRoomMetadata", "rs-one", "second"),
            Step("deleteRoom", "rs-two"),
            Step("listRooms"),
            Step("deleteRoom", "rs-nowhere"),
            Step("listParticipants", "rs-nowhere"),
            Step("createRoom", new { name = "" }));
        for (var i = 0; i < 7; i++) AssertOk(r[i]);
        var created = r[0].GetProperty("result");
        Assert.Equal("rs-one", created.GetProperty("name").GetString());
        Assert.StartsWith("RM_", created.GetProperty("sid").GetString(), StringComparison.Ordinal);
        Assert.Equal(60, created.GetProperty("emptyTimeout").GetInt32());
        Assert.Equal(5, created.GetProperty("departureTimeout").GetInt32());
        Assert.Equal(3, created.GetProperty("maxParticipants").GetInt32());
        Assert.Equal("first", created.GetProperty("metadata").GetString());
        Assert.Equal(["rs-one", "rs-two"], r[2].GetProperty("result").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        Assert.Equal(["rs-two"], r[3].GetProperty("result").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        Assert.Equal("second", r[4].GetProperty("result").GetProperty("metadata").GetString());
        Assert.Equal(["rs-one"], r[6].GetProperty("result").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        AssertError(r[7], 404, "not_found");
        AssertError(r[8], 404, "not_found");
        AssertError(r[9], 400, "invalid_argument");
        // The created room's settings hold: max_participants 3.
        Assert.True(_server.Registry.Find("rs-one")!.IsFullFor("x") is false);
    }

    [Fact]
    public async Task Participants_see_what_the_administrator_does_and_a_grant_change_takes_effect_at_once()
    {
        await using var alice = await JoinAsync("alice", "rs-people");
        await using var bob = await JoinAsync("bob", "rs-people");
        var r = await SdkAsync(
            Step("listParticipants", "rs-people"),
            Step("getParticipant", "rs-people", "alice"),
            Step("updateParticipant", "rs-people", "alice", new { metadata = "promoted", name = "Alice A.", attributes = new { role = "speaker" }, permission = new { canSubscribe = true, canPublish = false, canPublishData = false } }),
            Step("updateRoomMetadata", "rs-people", "agenda"),
            Step("getParticipant", "rs-people", "nobody"),
            Step("mutePublishedTrack", "rs-people", "alice", "TR_none", true));
        AssertOk(r[0]);
        Assert.Equal(["alice", "bob"], r[0].GetProperty("result").EnumerateArray().Select(x => x.GetProperty("identity").GetString()).Order());
        AssertOk(r[1]);
        Assert.StartsWith("PA_", r[1].GetProperty("result").GetProperty("sid").GetString(), StringComparison.Ordinal);
        AssertOk(r[2]);
        var updated = r[2].GetProperty("result");
        Assert.Equal("promoted", updated.GetProperty("metadata").GetString());
        Assert.Equal("Alice A.", updated.GetProperty("name").GetString());
        Assert.Equal("speaker", updated.GetProperty("attributes").GetProperty("role").GetString());
        Assert.False(updated.GetProperty("permission").TryGetProperty("canPublish", out var canPublish) && canPublish.GetBoolean());
        AssertOk(r[3]);
        AssertError(r[4], 404, "not_found");
        AssertError(r[5], 404, "not_found");

        // Bob sees Alice's new metadata; both get the RoomUpdate; Alice learns her new permission.
        // (The RoomUpdate goes out at once, ParticipantUpdates are coalesced: either may come first.)
        ParticipantInfo? seen = null;
        string? roomMetadata = null;
        var end = DateTime.UtcNow.AddSeconds(5);
        while (seen is null || roomMetadata is null)
        {
            var left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
            Assert.True(left > 0, $"bob saw update {seen} and room metadata {roomMetadata}");
            var m = await bob.ReceiveAsync(left);
            if (m.MessageCase == SignalResponse.MessageOneofCase.RoomUpdate) roomMetadata = m.RoomUpdate.Room.Metadata;
            if (m.MessageCase == SignalResponse.MessageOneofCase.Update) seen = m.Update.Participants.FirstOrDefault(x => x.Identity == "alice" && x.Metadata == "promoted") ?? seen;
        }
        Assert.Equal("Alice A.", seen.Name);
        Assert.Equal("agenda", roomMetadata);
        var own = await UpdateOfAsync(alice, "alice", p => p.Permission is { CanPublish: false });
        Assert.True(own.Permission.CanSubscribe);
        // The revoked canPublish is enforced: Alice's AddTrack is refused, her session goes on.
        await alice.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = "cam", Name = "camera", Type = TrackType.Video, Source = TrackSource.Camera } });
        var refusal = await NextOfAsync(alice, SignalResponse.MessageOneofCase.RequestResponse);
        Assert.Equal(RequestResponse.Types.Reason.NotAllowed, refusal.RequestResponse.Reason);

        // RemoveParticipant: Bob gets leave {PARTICIPANT_REMOVED}; one participant remains.
        r = await SdkAsync(Step("removeParticipant", "rs-people", "bob"), Step("listParticipants", "rs-people"), Step("removeParticipant", "rs-people", "bob"));
        AssertOk(r[0]);
        Assert.Equal(DisconnectReason.ParticipantRemoved, (await NextOfAsync(bob, SignalResponse.MessageOneofCase.Leave)).Leave.Reason);
        Assert.Equal(["alice"], r[1].GetProperty("result").EnumerateArray().Select(x => x.GetProperty("identity").GetString()));
        AssertError(r[2], 404, "not_found");

        // DeleteRoom: Alice gets leave {ROOM_DELETED} and the room is gone.
        r = await SdkAsync(Step("deleteRoom", "rs-people"), Step("listRooms"));
        AssertOk(r[0]);
        Assert.Equal(DisconnectReason.RoomDeleted, (await NextOfAsync(alice, SignalResponse.MessageOneofCase.Leave)).Leave.Reason);
        Assert.Empty(r[1].GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task Twirp_errors_follow_the_twirp_and_livekit_contract()
    {
        using var http = new HttpClient { BaseAddress = new Uri(HttpUrl) };
        string Admin(string room) => AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants { Identity = "ops", Video = new VideoGrant { RoomAdmin = true, Room = room, RoomCreate = true } },
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        async Task<(HttpStatusCode Status, string? Type, string Body)> Post(string method, string body, string? token, string contentType = "application/json")
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/twirp/livekit.RoomService/" + method) { Content = new StringContent(body, Encoding.UTF8) };
            req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var res = await http.SendAsync(req);
            return (res.StatusCode, res.Content.Headers.ContentType?.ToString(), await res.Content.ReadAsStringAsync());
        }

        static void AssertTwirp((HttpStatusCode Status, string? Type, string Body) r, HttpStatusCode status, string code)
        {
            Assert.Equal(status, r.Status);
            Assert.Equal("application/json", r.Type); // exactly: the node SDK reads the JSON only then
            Assert.Equal(code, JsonDocument.Parse(r.Body).RootElement.GetProperty("code").GetString());
        }

        AssertTwirp(await Post("ListParticipants", "{\"room\":\"x\"}", null), HttpStatusCode.Unauthorized, "unauthenticated");
        AssertTwirp(await Post("ListParticipants", "{\"room\":\"x\"}", Admin("y")), HttpStatusCode.Unauthorized, "unauthenticated"); // another room's admin
        AssertTwirp(await Post("ListRooms", "{}", Admin("x")), HttpStatusCode.Unauthorized, "unauthenticated"); // roomList missing
        AssertTwirp(await Post("NoSuchMethod", "{}", Admin("x")), HttpStatusCode.NotFound, "bad_route");
        AssertTwirp(await Post("CreateRoom", "{}", Admin("x"), "text/plain"), HttpStatusCode.NotFound, "bad_route");
        AssertTwirp(await Post("CreateRoom", "{\"name\":", Admin("x")), HttpStatusCode.BadRequest, "malformed");
        AssertTwirp(await Post("CreateRoom", "{\"name\":\"" + new string('n', 300) + "\"}", Admin("x")), HttpStatusCode.BadRequest, "invalid_argument");
        AssertTwirp(await Post("ForwardParticipant", "{}", Admin("x")), HttpStatusCode.NotImplemented, "unimplemented");
        AssertTwirp(await Post("SendData", "{\"room\":\"x\"}", Admin("x")), HttpStatusCode.NotFound, "not_found");
        using (var get = await http.GetAsync("/twirp/livekit.RoomService/ListRooms"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal("bad_route", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        // A token that does not verify is refused before Twirp, in plain text, as LiveKit's auth middleware does.
        var forged = await Post("ListRooms", "{}", Admin("x")[..^2] + "AA");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.StartsWith("text/plain", forged.Type, StringComparison.Ordinal);

        // The protobuf encoding: CreateRoom in, Room out.
        using var proto = new HttpRequestMessage(HttpMethod.Post, "/twirp/livekit.RoomService/CreateRoom")
        {
            Content = new ByteArrayContent(new CreateRoomRequest { Name = "rs-proto", MaxParticipants = 7 }.ToByteArray()),
        };
        proto.Content.Headers.ContentType = new MediaTypeHeaderValue("application/protobuf");
        proto.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin("rs-proto"));
        using var answer = await http.SendAsync(proto);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var room = Room.Parser.ParseFrom(await answer.Content.ReadAsByteArrayAsync());
        Assert.Equal(("rs-proto", 7u), (room.Name, room.MaxParticipants));

        // JSON answers use the proto field names with defaults written (LiveKit's UseProtoNames + EmitUnpopulated).
        var json = await Post("ListParticipants", "{\"room\":\"rs-proto\"}", Admin("rs-proto"));
        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal("{\"participants\":[]}", json.Body.Replace(" ", "", StringComparison.Ordinal));
        var created = await Post("CreateRoom", "{\"name\":\"rs-proto\"}", Admin("rs-proto"));
        Assert.Contains("\"max_participants\"", created.Body, StringComparison.Ordinal);
        Assert.Contains("\"num_participants\"", created.Body, StringComparison.Ordinal);
    }

    /// <summary>The next ParticipantUpdate entry of <paramref name="identity"/> that satisfies <paramref name="condition"/>.</summary>
    private static async Task<ParticipantInfo> UpdateOfAsync(RtcTestClient c, string identity, Func<ParticipantInfo, bool> condition)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
            Assert.True(left > 0, $"no update of {identity} within 5 s");
            var m = await c.ReceiveAsync(left);
            if (m.MessageCase != SignalResponse.MessageOneofCase.Update) continue;
            foreach (var p in m.Update.Participants)
                if (p.Identity == identity && condition(p)) return p;
        }
    }

    /// <summary>The next message of a kind, skipping every other (refusals included).</summary>
    private static async Task<SignalResponse> NextOfAsync(RtcTestClient c, SignalResponse.MessageOneofCase kind)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
            Assert.True(left > 0, $"no {kind} within 5 s");
            var m = await c.ReceiveAsync(left);
            if (m.MessageCase == kind) return m;
        }
    }
}
