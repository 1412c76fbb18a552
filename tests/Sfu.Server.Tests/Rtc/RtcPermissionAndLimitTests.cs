using System.Net.WebSockets;
using Google.Protobuf;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// The permission matrix and the per-participant limits over the raw /rtc WebSocket: every refusal is a
/// RequestResponse (or a closed socket for an oversized frame) with a clear reason, and the refused
/// participant and the others keep their sessions.
/// </summary>
public sealed class RtcPermissionAndLimitTests
{
    private static string Token(string identity, string room, VideoGrant? video = null, string? name = null)
    {
        var grant = video ?? new VideoGrant();
        grant = new VideoGrant
        {
            RoomJoin = true,
            Room = room,
            CanPublish = grant.CanPublish,
            CanSubscribe = grant.CanSubscribe,
            CanPublishSources = grant.CanPublishSources,
            CanUpdateOwnMetadata = grant.CanUpdateOwnMetadata,
            Hidden = grant.Hidden,
        };
        return AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants { Identity = identity, Name = name, Video = grant }, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
    }

    private static async Task<(RtcTestClient Client, JoinResponse Join)> JoinAsync(LiveKitServer server, string token)
    {
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js"), CancellationToken.None);
        var join = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join;
        return (c, join);
    }

    /// <summary>The session still answers: a ping_req comes back as its pong.</summary>
    private static async Task AssertAlive(RtcTestClient c)
    {
        var stamp = Random.Shared.NextInt64(1, long.MaxValue);
        await c.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = stamp } });
        Assert.Equal(stamp, (await c.ReceiveAsync(SignalResponse.MessageOneofCase.PongResp)).PongResp.LastPingTimestamp);
    }

    /// <summary>The next RequestResponse, skipping everything else.</summary>
    private static async Task<RequestResponse> RefusalAsync(RtcTestClient c)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var m = await c.ReceiveAsync((int)Math.Max(1, (end - DateTime.UtcNow).TotalMilliseconds));
            if (m.MessageCase == SignalResponse.MessageOneofCase.RequestResponse) return m.RequestResponse;
        }
    }

    /// <summary>Messages received until <paramref name="c"/>'s ping comes back (everything queued before it).</summary>
    private static async Task<List<SignalResponse>> DrainUntilPongAsync(RtcTestClient c)
    {
        await c.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = 99 } });
        var seen = new List<SignalResponse>();
        while (true)
        {
            var m = await c.ReceiveAsync();
            if (m.MessageCase == SignalResponse.MessageOneofCase.PongResp && m.PongResp.LastPingTimestamp == 99) return seen;
            seen.Add(m);
        }
    }

    private static AddTrackRequest Add(string cid, TrackSource source = TrackSource.Camera) => new()
    {
        Cid = cid,
        Name = cid,
        Type = source is TrackSource.Microphone or TrackSource.ScreenShareAudio ? TrackType.Audio : TrackType.Video,
        Source = source,
    };

    [Fact]
    public async Task UpdateParticipantMetadata_without_canUpdateOwnMetadata_is_answered_NOT_ALLOWED_and_the_session_goes_on()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (a, _) = await JoinAsync(server, Token("a", "meta"));
        await using var _a = a;
        await a.SendAsync(new SignalRequest { UpdateMetadata = new UpdateParticipantMetadata { Metadata = "x", Name = "n", RequestId = 41 } });
        var r = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.NotAllowed, r.Reason);
        Assert.Equal(41u, r.RequestId);
        Assert.Equal("x", r.UpdateMetadata.Metadata);
        await AssertAlive(a);
    }

    [Fact]
    public async Task UpdateParticipantMetadata_with_canUpdateOwnMetadata_reaches_the_others_and_an_empty_attribute_deletes_its_key()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (a, _) = await JoinAsync(server, Token("a", "meta2", new VideoGrant { CanUpdateOwnMetadata = true }, name: "Alice"));
        await using var _a = a;
        var (b, _) = await JoinAsync(server, Token("b", "meta2"));
        await using var _b = b;
        await a.SendAsync(new SignalRequest { UpdateMetadata = new UpdateParticipantMetadata { Metadata = "m1", Name = "Alicia", Attributes = { ["k"] = "v", ["gone"] = "" }, RequestId = 7 } });
        var ok = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.Ok, ok.Reason);
        Assert.Equal(7u, ok.RequestId);
        ParticipantInfo? seen = null;
        var end = DateTime.UtcNow.AddSeconds(5);
        while (seen is null && DateTime.UtcNow < end)
        {
            var u = (await b.ReceiveAsync(SignalResponse.MessageOneofCase.Update)).Update;
            seen = u.Participants.FirstOrDefault(p => p.Identity == "a" && p.Metadata == "m1");
        }
        Assert.NotNull(seen);
        Assert.Equal("Alicia", seen.Name);
        Assert.Equal("v", seen.Attributes["k"]);
        Assert.False(seen.Attributes.ContainsKey("gone"));
    }

    [Fact]
    public async Task Metadata_beyond_max_metadata_size_is_refused_LIMIT_EXCEEDED_and_not_applied()
    {
        await using var server = await LiveKitServer.StartAsync("--config-body", "limit:\n  max_metadata_size: 1024\n");
        var (a, _) = await JoinAsync(server, Token("a", "big", new VideoGrant { CanUpdateOwnMetadata = true }));
        await using var _a = a;
        await a.SendAsync(new SignalRequest { UpdateMetadata = new UpdateParticipantMetadata { Metadata = new string('m', 1025), RequestId = 3 } });
        var r = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.LimitExceeded, r.Reason);
        Assert.Contains("metadata", r.Message, StringComparison.Ordinal);
        Assert.Equal("", server.Registry.Find("big")!.Participants.Single().Metadata);
        await AssertAlive(a);
    }

    [Fact]
    public async Task A_hidden_participant_is_in_nobodys_participant_list_or_updates_but_sees_the_others()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (visible, _) = await JoinAsync(server, Token("visible", "hide"));
        await using var _v = visible;
        var (hidden, hiddenJoin) = await JoinAsync(server, Token("ghost", "hide", new VideoGrant { Hidden = true }));
        await using var _h = hidden;
        Assert.Contains(hiddenJoin.OtherParticipants, p => p.Identity == "visible");
        await Task.Delay(300); // past the 200 ms update coalescing
        var seen = await DrainUntilPongAsync(visible);
        Assert.DoesNotContain(seen, m => m.MessageCase == SignalResponse.MessageOneofCase.Update && m.Update.Participants.Any(p => p.Identity == "ghost"));
        var (late, lateJoin) = await JoinAsync(server, Token("late", "hide"));
        await using var _l = late;
        Assert.DoesNotContain(lateJoin.OtherParticipants, p => p.Identity == "ghost");
        Assert.Contains(lateJoin.OtherParticipants, p => p.Identity == "visible");
    }

    [Fact]
    public async Task CanPublishSources_allows_the_listed_source_and_refuses_another_NOT_ALLOWED()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (a, _) = await JoinAsync(server, Token("a", "src", new VideoGrant { CanPublishSources = ["camera"] }));
        await using var _a = a;
        await a.SendAsync(new SignalRequest { AddTrack = Add("mic", TrackSource.Microphone) });
        var r = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.NotAllowed, r.Reason);
        Assert.Equal("mic", r.AddTrack.Cid);
        await a.SendAsync(new SignalRequest { AddTrack = Add("cam", TrackSource.Camera) });
        Assert.Equal("cam", (await a.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished)).TrackPublished.Cid);
    }

    [Fact]
    public async Task A_participant_without_canSubscribe_cannot_subscribe_to_a_track()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (pub, _) = await JoinAsync(server, Token("pub", "nosub2"));
        await using var _p = pub;
        var (viewer, join) = await JoinAsync(server, Token("viewer", "nosub2", new VideoGrant { CanSubscribe = false }));
        await using var _v = viewer;
        Assert.False(join.Participant.Permission.CanSubscribe);
        await viewer.SendAsync(new SignalRequest { Subscription = new UpdateSubscription { Subscribe = true, TrackSids = { "TR_anything" } } });
        var seen = await DrainUntilPongAsync(viewer);
        Assert.DoesNotContain(seen, m => m.MessageCase is SignalResponse.MessageOneofCase.Offer or SignalResponse.MessageOneofCase.SubscriptionResponse);
    }

    [Fact]
    public async Task AddTrack_beyond_limit_num_tracks_is_refused_LIMIT_EXCEEDED()
    {
        await using var server = await LiveKitServer.StartAsync("--config-body", "limit:\n  num_tracks: 2\n");
        var (a, _) = await JoinAsync(server, Token("a", "tracks"));
        await using var _a = a;
        await a.SendAsync(new SignalRequest { AddTrack = Add("t1") });
        await a.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished);
        await a.SendAsync(new SignalRequest { AddTrack = Add("t2", TrackSource.Microphone) });
        await a.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished);
        await a.SendAsync(new SignalRequest { AddTrack = Add("t3", TrackSource.ScreenShare) });
        var r = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.LimitExceeded, r.Reason);
        Assert.Equal("t3", r.AddTrack.Cid);
        Assert.Contains("track limit", r.Message, StringComparison.Ordinal);
        await AssertAlive(a);
    }

    [Fact]
    public async Task Pending_AddTracks_beyond_the_cap_are_refused_LIMIT_EXCEEDED()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (a, _) = await JoinAsync(server, Token("a", "pending"));
        await using var _a = a;
        for (var i = 0; i < 32; i++)
        {
            await a.SendAsync(new SignalRequest { AddTrack = Add("c" + i) });
            await a.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished);
        }
        await a.SendAsync(new SignalRequest { AddTrack = Add("c32") });
        var r = await RefusalAsync(a);
        Assert.Equal(RequestResponse.Types.Reason.LimitExceeded, r.Reason);
        Assert.Contains("pending", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_message_over_2_MiB_closes_only_that_socket_with_MessageTooBig()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (big, _) = await JoinAsync(server, Token("big", "size"));
        await using var _b = big;
        var (other, _) = await JoinAsync(server, Token("other", "size"));
        await using var _o = other;
        var payload = new SignalRequest { UpdateMetadata = new UpdateParticipantMetadata { Metadata = new string('x', 2 * 1024 * 1024) } }.ToByteArray();
        try
        {
            await big.Socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The server may close while the frame is still being written.
        }
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(5000);
        WebSocketReceiveResult result;
        do result = await big.Socket.ReceiveAsync(buffer, cts.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
        await AssertAlive(other);
    }

    [Fact]
    public async Task An_identity_longer_than_256_bytes_is_refused_400_before_the_upgrade()
    {
        await using var server = await LiveKitServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{server.WsUrl}/rtc?access_token={Token(new string('i', 257), "len")}"), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }
}
