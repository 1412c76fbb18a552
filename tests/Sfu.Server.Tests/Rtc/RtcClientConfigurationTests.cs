using Sfu.Server.Tests.Configuration;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// What a session is told about ICE over the raw /rtc WebSocket: rtc.turn_servers (static credentials, or TURN
/// REST credentials from a secret) and client_configuration.force_relay (rtc.force_relay) in JoinResponse and
/// ReconnectResponse; and SyncState after a resume (recorded, applied, or a rejoin when it names unknown tracks).
/// </summary>
public sealed class RtcClientConfigurationTests
{
    private static string Token(string identity, string room) =>
        AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants { Identity = identity, Video = new VideoGrant { RoomJoin = true, Room = room } }, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

    private static async Task<RtcTestClient> ConnectAsync(LiveKitServer server, string token, string query = "")
    {
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js{query}"), CancellationToken.None);
        return c;
    }

    private const string RelayConfig = """
        rtc:
          force_relay: true
          turn_servers:
            - host: 127.0.0.1
              port: 3478
              protocol: udp
              username: static-user
              credential: static-pass
            - host: turn.example.org
              port: 5349
              protocol: tls
              secret: a-shared-secret-of-some-length
              ttl: 600
        """;

    [Fact]
    public async Task Force_relay_and_both_kinds_of_TURN_credentials_are_in_JoinResponse_and_ReconnectResponse()
    {
        await using var server = await LiveKitServer.StartAsync("--config-body", RelayConfig);
        var first = await ConnectAsync(server, Token("alice", "relay"));
        var join = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join;
        Assert.Equal(ClientConfigSetting.Enabled, join.ClientConfiguration.ForceRelay);
        Assert.Equal(2, join.IceServers.Count);
        Assert.Equal("turn:127.0.0.1:3478?transport=udp", Assert.Single(join.IceServers[0].Urls));
        Assert.Equal("static-user", join.IceServers[0].Username);
        Assert.Equal("static-pass", join.IceServers[0].Credential);
        Assert.Equal("turns:turn.example.org:5349?transport=tcp", Assert.Single(join.IceServers[1].Urls));
        // TURN REST (coturn use-auth-secret): username "expiry:identity", credential base64(HMAC-SHA1(secret, username)).
        var user = join.IceServers[1].Username;
        Assert.EndsWith(":alice", user, StringComparison.Ordinal);
        var expiry = long.Parse(user[..user.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 500, 700);
        using var hmac = new System.Security.Cryptography.HMACSHA1(System.Text.Encoding.UTF8.GetBytes("a-shared-secret-of-some-length"));
        Assert.Equal(Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(user))), join.IceServers[1].Credential);

        first.Socket.Abort();
        first.Socket.Dispose();
        await using var again = await ConnectAsync(server, Token("alice", "relay"), $"&reconnect=1&sid={join.Participant.Sid}");
        var reconnect = (await again.ReceiveAsync(SignalResponse.MessageOneofCase.Reconnect)).Reconnect;
        Assert.Equal(ClientConfigSetting.Enabled, reconnect.ClientConfiguration.ForceRelay);
        Assert.Equal(2, reconnect.IceServers.Count);
        Assert.Equal("static-user", reconnect.IceServers[0].Username);
    }

    [Fact]
    public async Task Without_rtc_force_relay_the_setting_is_DISABLED_and_force_relay_without_a_TURN_server_is_refused()
    {
        await using var server = await LiveKitServer.StartAsync();
        await using var c = await ConnectAsync(server, Token("bob", "plain"));
        var join = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join;
        Assert.Equal(ClientConfigSetting.Disabled, join.ClientConfiguration.ForceRelay);
        Assert.Empty(join.IceServers);

        var (_, diag) = ConfigHarness.Load(["--dev", "--config-body", "rtc:\n  force_relay: true\n"]);
        Assert.True(diag.HasErrors);
        Assert.Contains("rtc.force_relay", ConfigHarness.Errors(diag), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncState_is_recorded_and_its_subscription_applied_and_one_naming_an_unknown_published_track_gets_leave_RECONNECT()
    {
        await using var server = await LiveKitServer.StartAsync();
        await using var a = await ConnectAsync(server, Token("a", "sync"));
        await a.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        await using var b = await ConnectAsync(server, Token("b", "sync"));
        await b.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        // a publishes a track (AddTrack is enough for it to exist on the server).
        await a.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = "cam", Name = "camera", Type = TrackType.Video, Source = TrackSource.Camera } });
        var published = (await a.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished)).TrackPublished;

        // A SyncState that lists a's own track and unsubscribes b from a track that does not exist: recorded, no leave.
        var known = new SyncState { Subscription = new UpdateSubscription { Subscribe = false, TrackSids = { "TR_notsubscribed" } } };
        known.PublishTracks.Add(published);
        await a.SendAsync(new SignalRequest { SyncState = known });
        await a.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = 7 } });
        Assert.Equal(7, (await a.ReceiveAsync(SignalResponse.MessageOneofCase.PongResp)).PongResp.LastPingTimestamp);
        var pa = Assert.Single(server.Registry.Find("sync")!.Participants, p => p.Identity == "a");
        Assert.Equal(1, pa.SyncStates);
        Assert.Equal(published.Track.Sid, Assert.Single(pa.LastSyncState!.PublishTracks).Track.Sid);
        Assert.Equal(0, pa.SyncStateMismatches);

        // b claims a published track the server never saw: it cannot be resumed, b must rejoin.
        var unknown = new SyncState();
        unknown.PublishTracks.Add(new TrackPublishedResponse { Cid = "ghost", Track = new TrackInfo { Sid = "TR_ghost", Type = TrackType.Audio } });
        await b.SendAsync(new SignalRequest { SyncState = unknown });
        var leave = (await b.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave;
        Assert.Equal(DisconnectReason.StateMismatch, leave.Reason);
        Assert.Equal(LeaveRequest.Types.Action.Reconnect, leave.Action);
        Assert.DoesNotContain(server.Registry.Find("sync")!.Participants, p => p.Identity == "b");
    }
}
