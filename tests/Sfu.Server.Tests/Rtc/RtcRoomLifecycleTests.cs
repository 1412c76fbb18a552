using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// Room lifecycle over the raw /rtc WebSocket with the server on a FakeTimeProvider: room.auto_create,
/// empty_timeout for a room nobody joined, departure_timeout after the last participant left, max_participants.
/// </summary>
public sealed class RtcRoomLifecycleTests : IAsyncLifetime
{
    private const string Config = "room:\n  auto_create: false\n  max_participants: 2\n  empty_timeout: 300\n  departure_timeout: 20\n";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LiveKitServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveKitServer.StartAsync(_time, "--config-body", Config);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Token(string identity, string room, bool roomCreate = false) =>
        AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants
        {
            Identity = identity,
            Video = new VideoGrant { RoomJoin = true, Room = room, RoomCreate = roomCreate },
        }, _time.GetUtcNow(), TimeSpan.FromHours(1));

    private async Task<RtcTestClient> JoinAsync(string token)
    {
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{_server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js"), CancellationToken.None);
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        return c;
    }

    private async Task<(HttpStatusCode Status, string Body)> RefusalAsync(string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_server.HttpPort}/rtc?access_token={token}&protocol=17"));
        // A WebSocket upgrade by hand, so the refusal's body can be read.
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task Without_auto_create_an_unknown_room_is_refused_404_unless_the_token_has_roomCreate()
    {
        var (status, body) = await RefusalAsync(Token("a", "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("requested room does not exist", body);
        await using var creator = await JoinAsync(Token("b", "nowhere", roomCreate: true));
        Assert.NotNull(_server.Registry.Find("nowhere"));
        // Now that it exists, a token without roomCreate may join it.
        await using var guest = await JoinAsync(Token("a", "nowhere"));
    }

    [Fact]
    public async Task A_room_nobody_joined_closes_after_the_empty_timeout_and_not_before()
    {
        _server.Registry.GetOrCreate("unjoined");
        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.NotNull(_server.Registry.Find("unjoined"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_server.Registry.Find("unjoined"));
    }

    [Fact]
    public async Task After_the_last_participant_leaves_the_room_stays_for_the_departure_timeout_a_rejoin_finds_it_then_it_closes()
    {
        var first = await JoinAsync(Token("a", "depart", roomCreate: true));
        var room = _server.Registry.Find("depart")!;
        await first.SendAsync(new SignalRequest { Leave = new LeaveRequest { Reason = DisconnectReason.ClientInitiated } });
        await first.DisposeAsync();
        await Eventually(() => room.ParticipantCount == 0, "the participant left");
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Same(room, _server.Registry.Find("depart"));
        // A rejoin within the timeout, without roomCreate, finds the same room and cancels its closing.
        var again = await JoinAsync(Token("b", "depart"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Same(room, _server.Registry.Find("depart"));
        Assert.False(room.IsClosed);
        await again.SendAsync(new SignalRequest { Leave = new LeaveRequest { Reason = DisconnectReason.ClientInitiated } });
        await again.DisposeAsync();
        await Eventually(() => room.ParticipantCount == 0, "the second participant left");
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(room.IsClosed);
        Assert.Null(_server.Registry.Find("depart"));
        Assert.Equal(HttpStatusCode.NotFound, (await RefusalAsync(Token("c", "depart"))).Status);
    }

    [Fact]
    public async Task A_join_beyond_max_participants_is_refused_with_a_clear_reason_and_the_others_keep_their_session()
    {
        await using var a = await JoinAsync(Token("a", "full", roomCreate: true));
        await using var b = await JoinAsync(Token("b", "full"));
        var (status, body) = await RefusalAsync(Token("c", "full"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("room has exceeded its max participants", body);
        // /rtc/validate, which livekit-client asks after a failed upgrade, names the same reason.
        using (var http = new HttpClient())
        {
            using var validate = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.HttpPort}/rtc/validate?access_token={Token("c", "full")}&protocol=17"));
            Assert.Equal(HttpStatusCode.Forbidden, validate.StatusCode);
            Assert.Equal("room has exceeded its max participants", await validate.Content.ReadAsStringAsync());
            using var mine = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.HttpPort}/rtc/validate?access_token={Token("b", "full")}&protocol=17"));
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode); // b takes its own place back
        }
        Assert.Equal(2, _server.Registry.Find("full")!.ParticipantCount);
        await a.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = 7 } });
        Assert.Equal(7, (await a.ReceiveAsync(SignalResponse.MessageOneofCase.PongResp)).PongResp.LastPingTimestamp);
        // The same identity again replaces its old participant: not refused.
        await using var b2 = await JoinAsync(Token("b", "full"));
        Assert.Equal(DisconnectReason.DuplicateIdentity, (await b.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave.Reason);
    }
}
