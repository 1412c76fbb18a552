using System.Buffers.Text;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Google.Protobuf;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// The /rtc WebSocket driven by a raw protobuf client against the whole server in-process: refusals before
/// the upgrade, the JoinResponse and first subscriber offer, pings, publishing and permission checks.
/// </summary>
public sealed class RtcSignalingTests : IAsyncLifetime
{
    private LiveKitServer _server = null!;

    public async Task InitializeAsync() => _server = await LiveKitServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Token(string identity, string room = "r", string secret = "secret", bool roomJoin = true, bool? canPublish = null, bool? canSubscribe = null, TimeSpan? ttl = null, DateTimeOffset? now = null) =>
        AccessTokenIssuer.Mint("devkey", secret, new ClaimGrants
        {
            Identity = identity,
            Video = new VideoGrant { RoomJoin = roomJoin, Room = room, CanPublish = canPublish, CanSubscribe = canSubscribe },
        }, now ?? DateTimeOffset.UtcNow, ttl ?? TimeSpan.FromMinutes(10));

    private async Task<RtcTestClient> ConnectAsync(string token, string query = "")
    {
        var c = new RtcTestClient();
        await c.Socket.ConnectAsync(new Uri($"{_server.WsUrl}/rtc?access_token={token}&protocol=17&sdk=js{query}"), CancellationToken.None);
        return c;
    }

    private async Task<HttpStatusCode> RefusalAsync(string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{_server.WsUrl}/rtc?access_token={token}"), CancellationToken.None));
        return socket.HttpStatusCode;
    }

    [Fact]
    public async Task Upgrade_with_a_token_signed_by_the_wrong_secret_is_refused_with_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(Token("a", secret: "not-the-secret")));

    [Fact]
    public async Task Upgrade_with_an_expired_token_is_refused_with_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(Token("a", now: DateTimeOffset.UtcNow.AddHours(-2), ttl: TimeSpan.FromMinutes(10))));

    [Fact]
    public async Task Upgrade_with_an_alg_none_token_is_refused_with_401()
    {
        var header = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + exp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"video\":{\"roomJoin\":true,\"room\":\"r\"}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(header + "." + payload + "."));
    }

    [Fact]
    public async Task Upgrade_with_a_token_without_roomJoin_is_refused_with_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(Token("a", roomJoin: false)));

    [Fact]
    public async Task Plain_GET_of_rtc_is_404()
    {
        using var http = new HttpClient();
        var r = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.HttpPort}/rtc?access_token={Token("a")}"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task Join_sends_JoinResponse_first_then_a_subscriber_offer_with_a_data_section_in_an_empty_room()
    {
        await using var c = await ConnectAsync(Token("alice", room: "empty"));
        var first = await c.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.Join, first.MessageCase);
        var join = first.Join;
        Assert.True(Version.Parse(join.ServerInfo.Version) >= new Version(1, 8, 0), join.ServerInfo.Version);
        Assert.Equal(17, join.ServerInfo.Protocol);
        Assert.Equal(5, join.PingInterval);
        Assert.Equal(15, join.PingTimeout);
        Assert.True(join.SubscriberPrimary);
        Assert.StartsWith("PA_", join.Participant.Sid, StringComparison.Ordinal);
        Assert.StartsWith("RM_", join.Room.Sid, StringComparison.Ordinal);
        Assert.Equal("empty", join.Room.Name);
        Assert.True(join.Participant.Permission.CanPublish && join.Participant.Permission.CanSubscribe);
        Assert.Empty(join.OtherParticipants);
        var offer = await c.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.Offer, offer.MessageCase);
        Assert.Contains("m=application", offer.Offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite", offer.Offer.Sdp, StringComparison.Ordinal);
        Assert.True(offer.Offer.Id > 0);
        // The server trickles its host candidate as RTCIceCandidateInit JSON for the subscriber connection.
        var trickle = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Trickle)).Trickle;
        Assert.Equal(SignalTarget.Subscriber, trickle.Target);
        using var init = System.Text.Json.JsonDocument.Parse(trickle.CandidateInit);
        Assert.StartsWith("candidate:", init.RootElement.GetProperty("candidate").GetString(), StringComparison.Ordinal);
        Assert.Contains($" {_server.UdpPort} typ host", init.RootElement.GetProperty("candidate").GetString(), StringComparison.Ordinal);
        Assert.Equal("0", init.RootElement.GetProperty("sdpMid").GetString());
    }

    [Fact]
    public async Task A_participant_that_may_not_subscribe_gets_no_subscriber_offer_and_is_not_subscriber_primary()
    {
        await using var c = await ConnectAsync(Token("viewer-less", room: "nosub", canSubscribe: false));
        var join = (await c.ReceiveAsync()).Join;
        Assert.False(join.SubscriberPrimary);
        await c.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = 42 } });
        var next = await c.ReceiveAsync();
        Assert.Equal(SignalResponse.MessageOneofCase.PongResp, next.MessageCase); // nothing (no offer) came before it
    }

    [Fact]
    public async Task Draining_the_server_sends_leave_SERVER_SHUTDOWN_with_action_RECONNECT_and_refuses_new_joins()
    {
        await using var c = await ConnectAsync(Token("stayer", room: "drain"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var coordinator = (Sfu.Server.Hosting.ShutdownCoordinator)_server.App.Services.GetService(typeof(Sfu.Server.Hosting.ShutdownCoordinator))!;
        coordinator.OnSignal("SIGTERM", 143);
        var leave = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave;
        Assert.Equal(DisconnectReason.ServerShutdown, leave.Reason);
        Assert.Equal(LeaveRequest.Types.Action.Reconnect, leave.Action);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RefusalAsync(Token("late", room: "drain")));
    }

    [Fact]
    public async Task Joining_again_with_the_same_identity_evicts_the_first_connection_with_DUPLICATE_IDENTITY()
    {
        await using var first = await ConnectAsync(Token("twin", room: "dup"));
        var firstSid = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join.Participant.Sid;
        await using var second = await ConnectAsync(Token("twin", room: "dup"));
        var join = (await second.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join;
        Assert.NotEqual(firstSid, join.Participant.Sid);
        Assert.DoesNotContain(join.OtherParticipants, p => p.Identity == "twin");
        var leave = (await first.ReceiveAsync(SignalResponse.MessageOneofCase.Leave)).Leave;
        Assert.Equal(DisconnectReason.DuplicateIdentity, leave.Reason);
    }

    [Fact]
    public async Task Ping_and_ping_req_are_answered_in_milliseconds()
    {
        await using var c = await ConnectAsync(Token("pinger", room: "ping"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        // A client candidate (mDNS .local, as Chromium gathers them) is accepted and ignored: the session goes on.
        await c.SendAsync(new SignalRequest
        {
            Trickle = new TrickleRequest
            {
                CandidateInit = """{"candidate":"candidate:1 1 udp 2122260223 4b1f3c2e-aaaa-bbbb-cccc-1234567890ab.local 51000 typ host generation 0","sdpMid":"0","sdpMLineIndex":0}""",
                Target = SignalTarget.Publisher,
            },
        });
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await c.SendAsync(new SignalRequest { PingReq = new Ping { Timestamp = before, Rtt = 3 } });
        var pong = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.PongResp)).PongResp;
        Assert.Equal(before, pong.LastPingTimestamp);
        Assert.InRange(pong.Timestamp, before - 1000, before + 5000);
#pragma warning disable CS0612 // ping/pong are deprecated but still sent by the JS SDK
        await c.SendAsync(new SignalRequest { Ping = before });
        var legacy = await c.ReceiveAsync(SignalResponse.MessageOneofCase.Pong);
        Assert.InRange(legacy.Pong, before - 1000, before + 5000);
#pragma warning restore CS0612
    }

    [Fact]
    public async Task AddTrack_is_refused_NOT_ALLOWED_without_canPublish_and_answered_with_a_TR_sid_and_the_cid_with_it()
    {
        await using (var denied = await ConnectAsync(Token("no-pub", room: "pub", canPublish: false)))
        {
            await denied.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
            await denied.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = "mic", Type = TrackType.Audio, Source = TrackSource.Microphone } });
            var refusal = await denied.ReceiveAsync(SignalResponse.MessageOneofCase.RequestResponse);
            Assert.Equal(RequestResponse.Types.Reason.NotAllowed, refusal.RequestResponse.Reason);
        }
        await using var c = await ConnectAsync(Token("pub", room: "pub"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        await c.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = "mic-cid", Name = "mic", Type = TrackType.Audio, Source = TrackSource.Microphone } });
        var published = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished)).TrackPublished;
        Assert.Equal("mic-cid", published.Cid);
        Assert.StartsWith("TR_", published.Track.Sid, StringComparison.Ordinal);
        Assert.Equal(TrackSource.Microphone, published.Track.Source);
    }

    /// <summary>An answer to a server offer as a receiving peer would make it (setup active, its own credentials).</summary>
    private static string AnswerAsBrowser(string offerSdp)
    {
        Assert.True(Sfu.Core.Sdp.SessionDescription.TryParse(offerSdp, out var offer, out var error), error?.ToString());
        var answerer = new Sfu.Core.Sdp.SdpAnswerer(new Sfu.Core.Sdp.SdpAnswerOptions
        {
            IceUfrag = "brow",
            IcePwd = "browserpasswordbrowser0",
            Fingerprint = new Sfu.Core.Sdp.SdpFingerprint("sha-256", Enumerable.Repeat((byte)0xAB, 32).ToArray()),
            SetupRole = Sfu.Core.Sdp.DtlsSetup.Active,
        });
        Assert.True(answerer.TryCreateAnswer(offer, out var answer, out _, out var negotiationError), negotiationError?.ToString());
        return answer.ToString();
    }

    [Fact]
    public async Task Rapid_changes_reach_another_participant_coalesced_at_their_latest_version_in_increasing_order()
    {
        await using var watcher = await ConnectAsync(Token("watcher", room: "coalesce", canSubscribe: false));
        await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        await using var c = await ConnectAsync(Token("publisher", room: "coalesce"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var sdp = await File.ReadAllTextAsync(Fixtures.Path("sdp/livekit-client-publisher.sdp"));
        var mic = sdp.Split("\r\n").First(l => l.StartsWith("a=msid:", StringComparison.Ordinal)).Split(' ')[1];
        await c.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = mic, Type = TrackType.Audio, Source = TrackSource.Microphone } });
        var sid = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.TrackPublished)).TrackPublished.Track.Sid;
        await c.SendAsync(new SignalRequest { Offer = new Signaling.Protocol.SessionDescription { Type = "offer", Sdp = sdp, Id = 1 } });
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Answer);
        for (var i = 0; i < 6; i++)
            await c.SendAsync(new SignalRequest { Mute = new MuteTrackRequest { Sid = sid, Muted = i % 2 == 0 } });
        var seen = new List<ParticipantInfo>();
        var end = DateTime.UtcNow.AddMilliseconds(1500);
        while (DateTime.UtcNow < end)
        {
            SignalResponse m;
            try { m = await watcher.ReceiveAsync((int)Math.Max(1, (end - DateTime.UtcNow).TotalMilliseconds)); }
            catch (OperationCanceledException) { break; }
            if (m.MessageCase == SignalResponse.MessageOneofCase.Update)
                seen.AddRange(m.Update.Participants.Where(p => p.Identity == "publisher" && p.Tracks.Count > 0));
        }
        Assert.NotEmpty(seen);
        Assert.True(seen.Count < 7, $"{seen.Count} updates for 7 changes: not coalesced");
        for (var i = 1; i < seen.Count; i++) Assert.True(seen[i].Version > seen[i - 1].Version, "versions must increase");
        Assert.False(seen[^1].Tracks.Single(t => t.Sid == sid).Muted); // the last change (unmute) wins
    }

    [Fact]
    public async Task A_publisher_offer_is_answered_ice_lite_passive_with_its_id_echoed_and_the_track_announced_to_others()
    {
        await using var watcher = await ConnectAsync(Token("watcher", room: "offer"));
        await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        // The watcher answers its first (empty) subscriber offer, so the next one can be sent.
        var firstOffer = (await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Offer)).Offer;
        await watcher.SendAsync(new SignalRequest { Answer = new Signaling.Protocol.SessionDescription { Type = "answer", Sdp = AnswerAsBrowser(firstOffer.Sdp), Id = firstOffer.Id } });
        await using var c = await ConnectAsync(Token("publisher", room: "offer"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        // livekit-client's real publisher offer: the microphone at mid 7 and the simulcast camera at mid 8.
        var sdp = await File.ReadAllTextAsync(Fixtures.Path("sdp/livekit-client-publisher.sdp"));
        var msids = sdp.Split("\r\n").Where(l => l.StartsWith("a=msid:", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).Distinct().ToList();
        Assert.Equal(2, msids.Count);
        await c.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = msids[0], Type = TrackType.Audio, Source = TrackSource.Microphone } });
        // The camera's layers as livekit-client sends them for a 1280x720 capture (q, h, f; no rid named).
        var camera = new AddTrackRequest { Cid = msids[1], Type = TrackType.Video, Source = TrackSource.Camera, Width = 1280, Height = 720 };
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.High, Width = 1280, Height = 720, Bitrate = 1_700_000 });
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.Low, Width = 320, Height = 180, Bitrate = 150_000 });
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.Medium, Width = 640, Height = 360, Bitrate = 500_000 });
        await c.SendAsync(new SignalRequest { AddTrack = camera });
        await c.SendAsync(new SignalRequest { Offer = new Signaling.Protocol.SessionDescription { Type = "offer", Sdp = sdp, Id = 7 } });
        var answer = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Answer)).Answer;
        Assert.Equal(7u, answer.Id);
        Assert.Equal("answer", answer.Type);
        Assert.Contains("a=ice-lite", answer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("x-google", answer.Sdp, StringComparison.Ordinal);
        // The watcher learns the publisher's tracks (bound by a=msid) before the offer that carries them.
        while (true)
        {
            var m = await watcher.ReceiveAsync();
            if (m.MessageCase == SignalResponse.MessageOneofCase.Offer && m.Offer.Sdp.Contains("m=audio", StringComparison.Ordinal))
                Assert.Fail("the offer carrying the track came before the ParticipantUpdate announcing it");
            if (m.MessageCase != SignalResponse.MessageOneofCase.Update) continue;
            var info = m.Update.Participants.FirstOrDefault(p => p.Identity == "publisher");
            if (info is null || info.Tracks.Count < 2) continue;
            Assert.Contains(info.Tracks, t => t.Type == TrackType.Video && t.Mid == "8" && t.MimeType.Equals("video/VP8", StringComparison.OrdinalIgnoreCase));
            // TrackInfo.layers: the publisher's layers, lowest first, each with the rid of the offer that carries it.
            var cam = info.Tracks.Single(t => t.Type == TrackType.Video);
#pragma warning disable CS0612 // TrackInfo.layers is deprecated but livekit-client still reads it
            Assert.Equal(["q", "h", "f"], cam.Layers.Select(l => l.Rid));
            Assert.Equal([VideoQuality.Low, VideoQuality.Medium, VideoQuality.High], cam.Layers.Select(l => l.Quality));
            Assert.Equal([320u, 640u, 1280u], cam.Layers.Select(l => l.Width));
            Assert.Equal([0, 1, 2], cam.Layers.Select(l => l.SpatialLayer));
            Assert.True(cam.Simulcast);
#pragma warning restore CS0612
            Assert.Equal(["q", "h", "f"], cam.Codecs.Single().Layers.Select(l => l.Rid));
            Assert.Contains(info.Tracks, t => t.Type == TrackType.Audio && t.Mid == "7");
            break;
        }
        var offer = (await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Offer)).Offer;
        var video = offer.Sdp.Split("m=").Single(s => s.StartsWith("video", StringComparison.Ordinal));
        Assert.Contains("a=sendonly", video, StringComparison.Ordinal);
        Assert.Contains("a=msid:PA_", video, StringComparison.Ordinal);
        Assert.Contains("a=ssrc-group:FID", video, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:96 nack pli", video, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:96 transport-cc", video, StringComparison.Ordinal);
    }


    [Fact]
    public async Task Dynacast_tells_the_publisher_which_qualities_its_subscribers_receive()
    {
        await using var watcher = await ConnectAsync(Token("watcher", room: "dynacast"));
        await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var firstOffer = (await watcher.ReceiveAsync(SignalResponse.MessageOneofCase.Offer)).Offer;
        await watcher.SendAsync(new SignalRequest { Answer = new Signaling.Protocol.SessionDescription { Type = "answer", Sdp = AnswerAsBrowser(firstOffer.Sdp), Id = firstOffer.Id } });
        await using var c = await ConnectAsync(Token("publisher", room: "dynacast"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var sdp = await File.ReadAllTextAsync(Fixtures.Path("sdp/livekit-client-publisher.sdp"));
        var msids = sdp.Split("\r\n").Where(l => l.StartsWith("a=msid:", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).Distinct().ToList();
        var camera = new AddTrackRequest { Cid = msids[1], Type = TrackType.Video, Source = TrackSource.Camera, Width = 1280, Height = 720 };
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.Low, Width = 320, Height = 180 });
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.Medium, Width = 640, Height = 360 });
        camera.Layers.Add(new VideoLayer { Quality = VideoQuality.High, Width = 1280, Height = 720 });
        await c.SendAsync(new SignalRequest { AddTrack = new AddTrackRequest { Cid = msids[0], Type = TrackType.Audio, Source = TrackSource.Microphone } });
        await c.SendAsync(new SignalRequest { AddTrack = camera });
        await c.SendAsync(new SignalRequest { Offer = new Signaling.Protocol.SessionDescription { Type = "offer", Sdp = sdp, Id = 1 } });

        static bool[] Enabled(SubscribedQualityUpdate u) => [.. u.SubscribedCodecs.Single().Qualities.OrderBy(q => q.Quality).Select(q => q.Enabled)];
        // The watcher is subscribed automatically, at HIGH: every quality is wanted.
        var first = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.SubscribedQualityUpdate)).SubscribedQualityUpdate;
        Assert.Equal("vp8", first.SubscribedCodecs.Single().Codec);
        Assert.Equal([true, true, true], Enabled(first));
        var sid = first.TrackSid;

        await watcher.SendAsync(new SignalRequest { TrackSetting = new UpdateTrackSettings { TrackSids = { sid }, Width = 300, Height = 170 } });
        var low = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.SubscribedQualityUpdate)).SubscribedQualityUpdate;
        Assert.Equal(sid, low.TrackSid);
        Assert.Equal([true, false, false], Enabled(low));
#pragma warning disable CS0612 // the deprecated form is filled too
        Assert.Equal([true, false, false], low.SubscribedQualities.OrderBy(q => q.Quality).Select(q => q.Enabled));
#pragma warning restore CS0612

        await watcher.SendAsync(new SignalRequest { TrackSetting = new UpdateTrackSettings { TrackSids = { sid }, Disabled = true } });
        var off = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.SubscribedQualityUpdate)).SubscribedQualityUpdate;
        Assert.Equal([false, false, false], Enabled(off));
        await watcher.SendAsync(new SignalRequest { TrackSetting = new UpdateTrackSettings { TrackSids = { sid }, Width = 640, Height = 360 } });
        var medium = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.SubscribedQualityUpdate)).SubscribedQualityUpdate;
        Assert.Equal([true, true, false], Enabled(medium));
    }

    [Fact]
    public async Task Every_participant_gets_a_ConnectionQualityUpdate_within_a_few_seconds_with_both_participants_excellent_before_media()
    {
        await using var a = await ConnectAsync(Token("qa", room: "quality"));
        var aSid = (await a.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join.Participant.Sid;
        await using var b = await ConnectAsync(Token("qb", room: "quality"));
        var bSid = (await b.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join.Participant.Sid;
        foreach (var c in new[] { a, b })
        {
            // The first update may predate b's join; one of the next two carries both.
            ConnectionQualityUpdate q;
            var tries = 0;
            do q = (await c.ReceiveAsync(SignalResponse.MessageOneofCase.ConnectionQuality, 8000)).ConnectionQuality;
            while (q.Updates.Count < 2 && ++tries < 3);
            Assert.Equal(new[] { aSid, bSid }.Order(), q.Updates.Select(u => u.ParticipantSid).Order());
            Assert.All(q.Updates, u => Assert.Equal(ConnectionQuality.Excellent, u.Quality));
            Assert.All(q.Updates, u => Assert.InRange(u.Score, 4f, 5f));
        }
    }

    [Fact]
    public async Task Speakers_reach_every_participant_as_deltas_a_start_then_a_stop()
    {
        await using var a = await ConnectAsync(Token("sa", room: "speakers"));
        var aSid = (await a.ReceiveAsync(SignalResponse.MessageOneofCase.Join)).Join.Participant.Sid;
        await using var b = await ConnectAsync(Token("sb", room: "speakers"));
        await b.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var room = _server.Registry.Find("speakers")!;
        room.PublishSpeakers([(aSid, 0.8f)]);
        room.PublishSpeakers([(aSid, 0.81f)]); // unchanged within a step: nothing sent
        room.PublishSpeakers([]);
        foreach (var c in new[] { a, b })
        {
            var start = Assert.Single((await c.ReceiveAsync(SignalResponse.MessageOneofCase.SpeakersChanged)).SpeakersChanged.Speakers);
            Assert.Equal(aSid, start.Sid);
            Assert.True(start.Active);
            Assert.Equal(0.8f, start.Level);
            var stop = Assert.Single((await c.ReceiveAsync(SignalResponse.MessageOneofCase.SpeakersChanged)).SpeakersChanged.Speakers);
            Assert.Equal(aSid, stop.Sid);
            Assert.False(stop.Active);
        }
    }

    [Fact]
    public async Task A_publisher_offer_with_a_new_ice_ufrag_is_answered_with_new_server_credentials_and_the_same_ufrag_keeps_them()
    {
        await using var c = await ConnectAsync(Token("restarter", room: "icerestart"));
        await c.ReceiveAsync(SignalResponse.MessageOneofCase.Join);
        var sdp = await File.ReadAllTextAsync(Fixtures.Path("sdp/livekit-client-publisher.sdp"));
        static string Line(string text, string prefix) => text.Split("\r\n").First(l => l.StartsWith(prefix, StringComparison.Ordinal));
        async Task<string> AnswerAsync(string offer, uint id)
        {
            await c.SendAsync(new SignalRequest { Offer = new Signaling.Protocol.SessionDescription { Type = "offer", Sdp = offer, Id = id } });
            return (await c.ReceiveAsync(SignalResponse.MessageOneofCase.Answer)).Answer.Sdp;
        }
        var first = await AnswerAsync(sdp, 1);
        var same = await AnswerAsync(sdp, 2);
        Assert.Equal(Line(first, "a=ice-ufrag:"), Line(same, "a=ice-ufrag:"));
        var oldUfrag = Line(sdp, "a=ice-ufrag:");
        var oldPwd = Line(sdp, "a=ice-pwd:");
        var restarted = sdp.Replace(oldUfrag, "a=ice-ufrag:rEst", StringComparison.Ordinal).Replace(oldPwd, "a=ice-pwd:restartrestartrestartrestar", StringComparison.Ordinal);
        var answer = await AnswerAsync(restarted, 3);
        Assert.NotEqual(Line(first, "a=ice-ufrag:"), Line(answer, "a=ice-ufrag:"));
        Assert.NotEqual(Line(first, "a=ice-pwd:"), Line(answer, "a=ice-pwd:"));
    }
}
