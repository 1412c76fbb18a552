using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Webhooks;

namespace Sfu.Signaling.Tests.Webhooks;

public sealed class WebhookNotifierTests
{
    /// <summary>Answers each post with the next status of a script (then 200), recording what came.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] script) : HttpMessageHandler
    {
        private int _calls;

        public List<(string Authorization, string ContentType, byte[] Body)> Posts { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            lock (Posts) Posts.Add((request.Headers.GetValues("Authorization").Single(), request.Content.Headers.ContentType!.ToString(), body));
            var i = Interlocked.Increment(ref _calls) - 1;
            return new HttpResponseMessage(i < script.Length ? script[i] : HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task An_event_is_signed_over_its_exact_body_and_retried_until_the_receiver_takes_it()
    {
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway);
        var notifier = new WebhookNotifier("hookkey", "hooksecret", ["http://127.0.0.1:9/hook"], NullLogger.Instance, handler: handler);
        await using (notifier)
        {
            notifier.OnRoomEvent(RtcRoomEvents.ParticipantJoined, new Room { Sid = "RM_x", Name = "r" }, new ParticipantInfo { Identity = "alice" }, null);
            for (var i = 0; i < 200 && notifier.Delivered == 0; i++) await Task.Delay(25);
        }
        Assert.Equal(1, notifier.Delivered);
        Assert.Equal(3, handler.Posts.Count); // two refusals, then accepted
        var (authorization, contentType, body) = handler.Posts[^1];
        Assert.Equal("application/webhook+json", contentType);
        Assert.DoesNotContain("Bearer", authorization, StringComparison.Ordinal);
        var verified = new AccessTokenVerifier(new ApiKeyProvider(new Dictionary<string, string> { ["hookkey"] = "hooksecret" }), TimeProvider.System).Verify(authorization);
        Assert.True(verified.IsValid);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(body)), verified.Grants!.Sha256);
        var e = WebhookEvent.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal(("participant_joined", "r", "alice"), (e.Event, e.Room.Name, e.Participant.Identity));
        Assert.StartsWith("EV_", e.Id, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\"", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal); // protojson camelCase
    }
}
