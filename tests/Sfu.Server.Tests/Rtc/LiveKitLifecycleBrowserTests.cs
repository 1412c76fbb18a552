using System.Globalization;
using System.Text.Json;
using Sfu.Server.Tests.Media;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// Issue 11's acceptance with the unmodified livekit-client 2.23 in headless Chromium (driver
/// tests/interop/tools/lk-lifecycle.js, one browser per scenario): resume, duplicate identity, active speakers,
/// relay-only through a local coturn with force_relay, and the permission matrix.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveKitLifecycleBrowserTests
{
    private static JsonElement Parse(string script, int code, string stdout, string stderr)
    {
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal)) ?? "";
        Assert.True(line.Length > 0, $"{script} printed no result (exit {code}): {stdout}\n{stderr}");
        var result = JsonDocument.Parse(line).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{script} failed: {line}\n{stderr}");
        return result;
    }

    private static async Task<JsonElement> RunAsync(object options, int timeoutSeconds)
    {
        var (code, stdout, stderr) = await NodeRunner.RunAsync("tools/lk-lifecycle.js", [JsonSerializer.Serialize(options)], TimeSpan.FromSeconds(timeoutSeconds));
        return Parse("lk-lifecycle.js", code, stdout, stderr);
    }

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];

    private static void AssertRising(JsonElement pair, int by, string what, JsonElement r)
    {
        var f = Ints(pair);
        Assert.True(f[1] >= f[0] + by, $"{what}: framesDecoded {f[0]} -> {f[1]}: {r}");
    }

    [Fact]
    public async Task Signal_reconnect_resumes_with_the_same_sid_on_both_sides_video_keeps_decoding_and_a_forgotten_sid_ends_in_a_fresh_join()
    {
        await using var server = await LiveKitServer.StartAsync();
        const string room = "lc-resume";
        var run = NodeRunner.RunAsync("tools/lk-lifecycle.js", [JsonSerializer.Serialize(new { server = server.WsUrl, room, scenario = "resume", timeout = 200 })], TimeSpan.FromSeconds(220));

        // The driver marks the subscriber (metadata "forget-me") once both resumes are done; the server then
        // forgets it as a restarted room state would: removed without a word, its socket closes.
        RtcParticipant? forgotten = null;
        var forgottenSyncStates = -1;
        for (var i = 0; i < 400 && !run.IsCompleted && forgotten is null; i++)
        {
            await Task.WhenAny(run, Task.Delay(500));
            forgotten = server.Registry.Find(room)?.Participants.FirstOrDefault(p => p.Metadata == "forget-me");
        }
        if (forgotten is not null)
        {
            forgottenSyncStates = forgotten.SyncStates;
            forgotten.Room.Leave(forgotten, DisconnectReason.StateMismatch, tellClient: false);
        }
        var (code, stdout, stderr) = await run;
        var r = Parse("lk-lifecycle.js", code, stdout, stderr);

        var subSid = r.GetProperty("join")[1].GetProperty("sid").GetString()!;
        var pubSid = r.GetProperty("join")[0].GetProperty("sid").GetString()!;
        AssertRising(r.GetProperty("initialFrames"), 30, "before any reconnect", r);
        // Subscriber side: Reconnected, same PA_ sid, the video it receives keeps decoding.
        Assert.True(r.GetProperty("subReconnected").GetBoolean(), "the subscriber saw no Reconnected: " + r);
        Assert.StartsWith("PA_", subSid, StringComparison.Ordinal);
        Assert.Equal(subSid, r.GetProperty("subSidAfter").GetString());
        AssertRising(r.GetProperty("subFramesAfterResume"), 30, "after the subscriber's resume", r);
        // The resumed client sent SyncState, and the server recorded it.
        Assert.True(forgottenSyncStates >= 1, $"SyncStates recorded: {forgottenSyncStates}: {r}");
        // Publisher side: Reconnected, same sid, and the subscriber still decodes its camera.
        Assert.True(r.GetProperty("pubReconnected").GetBoolean(), "the publisher saw no Reconnected: " + r);
        Assert.Equal(pubSid, r.GetProperty("pubSidAfter").GetString());
        AssertRising(r.GetProperty("subFramesAfterPublisherResume"), 30, "after the publisher's resume", r);
        // The publisher's SyncState listed its camera and microphone, both known to the server: no rejoin.
        var pub = Assert.Single(server.Registry.Find(room)!.Participants, p => p.Identity == "pub");
        Assert.Equal(pubSid, pub.Sid);
        Assert.True(pub.SyncStates >= 1 && pub.SyncStateMismatches == 0, $"publisher SyncStates {pub.SyncStates}, mismatches {pub.SyncStateMismatches}");
        Assert.Equal(2, pub.LastSyncState!.PublishTracks.Count);
        // The forgotten participant's resume named an unknown sid: leave {STATE_MISMATCH, RECONNECT}, then a fresh join.
        Assert.NotNull(forgotten);
        Assert.True(server.Registry.ResumesRefused >= 1, "the forgotten client never tried to resume: " + r);
        var rejoined = r.GetProperty("rejoinedSid").GetString();
        Assert.True(rejoined is { Length: > 0 } && rejoined != subSid && rejoined.StartsWith("PA_", StringComparison.Ordinal), "no fresh join after the unknown sid: " + r);
        AssertRising(r.GetProperty("framesAfterRejoin"), 30, "after the fresh join", r);
        var now = server.Registry.Find(room)!.Participants;
        Assert.Equal(2, now.Count);
        Assert.Contains(now, p => p.Identity == "sub" && p.Sid == rejoined);
        Assert.Contains(r.GetProperty("pubSeesSub").EnumerateArray(), p => p.GetProperty("sid").GetString() == rejoined);
    }

    [Fact]
    public async Task Joining_twice_with_one_identity_leaves_exactly_one_participant_and_the_first_sees_DUPLICATE_IDENTITY()
    {
        await using var server = await LiveKitServer.StartAsync();
        var r = await RunAsync(new { server = server.WsUrl, room = "lc-duplicate", scenario = "duplicate" }, 120);
        var second = r.GetProperty("second").GetProperty("sid").GetString();
        Assert.NotEqual(r.GetProperty("first").GetProperty("sid").GetString(), second);
        var seen = r.GetProperty("observerSees").EnumerateArray().Where(p => p.GetProperty("identity").GetString() == "twin").ToList();
        Assert.True(seen.Count == 1 && seen[0].GetProperty("sid").GetString() == second, "the observer sees: " + r);
        var disconnect = r.GetProperty("firstDisconnect");
        Assert.True(disconnect.ValueKind == JsonValueKind.Object, "the first page was not disconnected: " + r);
        Assert.Equal("DUPLICATE_IDENTITY", disconnect.GetProperty("reasonName").GetString());
        Assert.Equal("connected", r.GetProperty("secondState").GetString());
        Assert.Single(server.Registry.Find("lc-duplicate")!.Participants, p => p.Identity == "twin");
    }

    [Fact]
    public async Task The_participant_whose_fake_microphone_beeps_comes_first_in_ActiveSpeakersChanged_over_a_muted_one()
    {
        await using var server = await LiveKitServer.StartAsync();
        var r = await RunAsync(new { server = server.WsUrl, room = "lc-speakers", scenario = "speakers" }, 120);
        var onQuiet = r.GetProperty("firstSpeakers");
        Assert.True(onQuiet.ValueKind == JsonValueKind.Array && onQuiet[0].GetString() == "speaker", "the quiet page's first ActiveSpeakersChanged: " + r);
        Assert.DoesNotContain(onQuiet.EnumerateArray(), e => e.GetString() == "quiet");
        var onSpeaker = r.GetProperty("speakerSeesItself");
        Assert.True(onSpeaker.ValueKind == JsonValueKind.Array && onSpeaker[0].GetString() == "speaker", "the speaker's own ActiveSpeakersChanged: " + r);
        // Loopback without loss: the quiet page rates the speaker's connection excellent or good.
        var quality = r.GetProperty("qualityOfSpeaker");
        Assert.True(quality.ValueKind == JsonValueKind.String && quality.GetString() is "excellent" or "good", "ConnectionQualityChanged of the speaker: " + r);
    }

    [Fact]
    public async Task With_force_relay_and_a_local_coturn_livekit_client_connects_relay_only_and_decodes_video()
    {
        await using var turn = await Coturn.StartAsync();
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            rtc:
              force_relay: true
              turn_servers:
                - host: 127.0.0.1
                  port: {turn.Port}
                  protocol: udp
                  username: {Coturn.User}
                  credential: {Coturn.Password}
            """);
        await using var server = await LiveKitServer.StartAsync("--config-body", config);
        var r = await RunAsync(new { server = server.WsUrl, room = "lc-relay", scenario = "relay" }, 150);
        for (var i = 0; i < 2; i++)
        {
            AssertRising(r.GetProperty("frames")[i], 30, $"page {i}", r);
            var c = r.GetProperty("candidates")[i];
            foreach (var side in new[] { "publisher", "subscriber" })
            {
                var pairs = c.GetProperty(side).EnumerateArray().ToList();
                Assert.True(pairs.Count > 0, $"page {i} {side}: no selected pair: {r}");
                Assert.All(pairs, p => Assert.True(p.GetProperty("local").GetString() == "relay", $"page {i} {side} selected a non-relay pair: {r}"));
            }
        }
        Assert.Contains("session", turn.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Each_missing_grant_refuses_its_action_and_the_session_stays_connected_for_the_next_allowed_one()
    {
        await using var server = await LiveKitServer.StartAsync();
        var r = await RunAsync(new { server = server.WsUrl, room = "lc-permissions", scenario = "permissions" }, 150);
        var a = r.GetProperty("actions");
        void Refused(JsonElement e, string what)
        {
            Assert.False(e.GetProperty("ok").GetBoolean(), $"{what} was not refused: {r}");
            Assert.Equal("connected", e.GetProperty("state").GetString());
        }
        void Allowed(JsonElement e, string what, string? published = null)
        {
            Assert.True(e.GetProperty("ok").GetBoolean(), $"{what} failed: {r}");
            Assert.Equal("connected", e.GetProperty("state").GetString());
            if (published is not null) Assert.Contains(e.GetProperty("published").EnumerateArray(), s => s.GetString() == published);
        }
        // canPublish false: publishing the camera fails; setting metadata still works.
        Refused(a.GetProperty("noPublish").GetProperty("refused"), "noPublish camera");
        Allowed(a.GetProperty("noPublish").GetProperty("allowed"), "noPublish metadata");
        // canPublishSources [camera]: the camera publishes, the microphone is refused, the session goes on.
        Allowed(a.GetProperty("cameraOnly").GetProperty("allowed"), "cameraOnly camera", "camera");
        Refused(a.GetProperty("cameraOnly").GetProperty("refused"), "cameraOnly microphone");
        Assert.DoesNotContain(a.GetProperty("cameraOnly").GetProperty("allowedAfter").GetProperty("published").EnumerateArray(), s => s.GetString() == "microphone");
        Allowed(a.GetProperty("cameraOnly").GetProperty("allowedAfter"), "cameraOnly metadata");
        // canUpdateOwnMetadata false: metadata, name and attributes are refused by the server (RequestResponse NOT_ALLOWED).
        foreach (var k in new[] { "refusedMetadata", "refusedName", "refusedAttributes" })
        {
            var e = a.GetProperty("noMetadata").GetProperty(k);
            Refused(e, "noMetadata " + k);
            Assert.Contains("permission to update own metadata", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        Allowed(a.GetProperty("noMetadata").GetProperty("allowed"), "noMetadata camera", "camera");
        var seen = r.GetProperty("othersSeeNoMetadata");
        Assert.Equal("", seen.GetProperty("metadata").GetString());
        Assert.Equal("", seen.GetProperty("name").GetString());
        Assert.Empty(seen.GetProperty("attributes").EnumerateObject());
        // canSubscribe false: it sees the publications but receives no track; it publishes its own camera.
        Allowed(a.GetProperty("noSubscribe").GetProperty("allowed"), "noSubscribe camera", "camera");
        Assert.True(r.GetProperty("noSubscribeSeesPublications").GetInt32() >= 2, "noSubscribe sees no publications: " + r);
        Assert.Equal(0, r.GetProperty("noSubscribeTracks").GetInt32());
        AssertRising(r.GetProperty("noPublishFrames"), 30, "noPublish receiving", r);
        foreach (var s in r.GetProperty("states").EnumerateObject()) Assert.Equal("connected", s.Value.GetString());
        var participants = server.Registry.Find("lc-permissions")!.Participants;
        Assert.Equal(4, participants.Count);
    }
}
