using System.Net.WebSockets;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// Resume (reconnect=1&amp;sid=) over the raw /rtc WebSocket: a participant whose socket dropped without a
/// leave resumes with the same sid (ReconnectResponse, ParticipantUpdate, RoomUpdate, an ICE restart offer);
/// an unknown sid gets leave {STATE_MISMATCH, RECONNECT}.
/// </summary>
public sealed class RtcResumeTests : IAsyncLifetime
{
    private LiveKitServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveKitServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Token(string identity, string room) =>
        AccessTokenIssuer.Mint("devkey", "secret", new ClaimGrants { Identity = identity, Video = new VideoGrant { RoomJoin = true, Room = room } }, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

    private async Task<RtcTestClient> ConnectAsync(string token, string query = "")
    {
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{_server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js{query}"), CancellationToken.None);
        return c;
    }

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];

    [Fact]
    public async Task A_dropped_socket_resumes_with_the_same_sid_ReconnectResponse_first_then_update_room_update_and_an_ICE_restart_offer()
    {
        var first = await ConnectAsync(Token("a", "resume"));
        var join = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join;
        var firstOffer = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Offer)).Offer;
        await using var other = await ConnectAsync(Token("b", "resume"));
        await other.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        first.Socket.Abort(); // the network drops: no leave, no close frame
        first.Socket.Dispose();

        await using var again = await ConnectAsync(Token("a", "resume"), $"&reconnect=1&sid={join.Participant.Sid}");
        var m1 = await again.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.Reconnect, m1.MessageCase);
        Assert.Equal(join.ServerInfo.Version, m1.Reconnect.ServerInfo.Version);
        var m2 = await again.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.Update, m2.MessageCase);
        Assert.Contains(m2.Update.Participants, p => p.Sid == join.Participant.Sid);
        Assert.Contains(m2.Update.Participants, p => p.Identity == "b");
        var m3 = await again.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.RoomUpdate, m3.MessageCase);
        Assert.Equal(join.Room.Sid, m3.RoomUpdate.Room.Sid);
        Assert.Equal(2u, m3.RoomUpdate.Room.NumParticipants);
        var restart = (await again.ReceiveAsync(SignalResponse.MessageOneofCase.Offer)).Offer;
        Assert.True(restart.Id > firstOffer.Id);
        Assert.NotEqual(Ufrag(firstOffer.Sdp), Ufrag(restart.Sdp));
        Assert.Single(_server.Registry.Find("resume")!.Participants, p => p.Identity == "a");
        // The resumed session is alive.
        await again.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = 5 } });
        Assert.Equal(5, (await again.ReceiveAsync(SignalResponse.MessageOneofCase.PongResp)).PongResp.LastPingTimestamp);
    }

    [Fact]
    public async Task A_resume_with_an_unknown_sid_gets_leave_STATE_MISMATCH_with_action_RECONNECT()
    {
        await using var c = await ConnectAsync(Token("a", "unknown"), "&reconnect=1&sid=PA_doesnotexist");
        var leave = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave;
        Assert.Equal(DisconnectReason.StateMismatch, leave.Reason);
        Assert.Equal(LeaveRequest.Types.Action.Reconnect, leave.Action);
        Assert.Equal(1, _server.Registry.ResumesRefused);
    }

    [Fact]
    public async Task A_participant_that_sent_leave_cannot_resume()
    {
        var first = await ConnectAsync(Token("a", "gone"));
        var sid = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join.Participant.Sid;
        await first.SendAsync(new SignalRequest { Leave = new LeaveRequest { Reason = DisconnectReason.ClientInitiated } });
        await first.DisposeAsync();
        await using var c = await ConnectAsync(Token("a", "gone"), $"&reconnect=1&sid={sid}");
        var leave = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave;
        Assert.Equal(DisconnectReason.StateMismatch, leave.Reason);
    }
}
