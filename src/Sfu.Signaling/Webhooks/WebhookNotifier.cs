using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;
using ProtoRoom = Sfu.Signaling.Protocol.Room;

namespace Sfu.Signaling.Webhooks;

/// <summary>
/// LiveKit webhooks: every room event is posted to each configured URL as a <c>livekit.WebhookEvent</c> in
/// protojson (lowerCamelCase names, defaults omitted, as LiveKit's <c>protojson.Marshal</c>), with
/// <c>Content-Type: application/webhook+json</c> and <c>Authorization: &lt;JWT&gt;</c> (no "Bearer"), an HS256
/// token of the webhook key whose <c>sha256</c> claim is the base64 SHA-256 of the exact body; receivers
/// (livekit-server-sdk's WebhookReceiver) check both.
/// </summary>
/// <remarks>
/// Delivery never holds up a room: events go into a bounded queue per URL (200, the oldest dropped and counted
/// when a receiver stalls), one sender task per URL posts them in order, retrying a failed post with backoff
/// until the event is 30 s old (LiveKit's resource notifier: MaxDepth 200, MaxAge 30 s).
/// </remarks>
public sealed partial class WebhookNotifier : IRtcRoomObserver, IAsyncDisposable
{
    /// <summary>Events waiting per URL at most.</summary>
    public const int MaxQueueDepth = 200;

    /// <summary>An event older than this is not retried any more.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);
    private readonly string _apiKey;
    private readonly string _secret;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly List<(string Url, Channel<(byte[] Body, long QueuedAtMs)> Queue, Task Sender)> _targets = [];
    private readonly CancellationTokenSource _stop = new();
    private long _delivered;
    private long _dropped;
    private long _failed;

    /// <summary>A notifier posting to <paramref name="urls"/>, signing with <paramref name="apiKey"/>/<paramref name="secret"/>.</summary>
    public WebhookNotifier(string apiKey, string secret, IEnumerable<string> urls, ILogger log, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(urls);
        _apiKey = apiKey;
        _secret = secret;
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _time = time ?? TimeProvider.System;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(10);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("LiveKit");
        foreach (var url in urls)
        {
            var queue = Channel.CreateBounded<(byte[], long)>(new BoundedChannelOptions(MaxQueueDepth)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.DropOldest,
            }, _ => Interlocked.Increment(ref _dropped));
            _targets.Add((url, queue, Task.Run(() => SendLoopAsync(url, queue.Reader))));
        }
    }

    /// <summary>Events posted and acknowledged with a 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Events dropped because a receiver's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events given up after retrying for <see cref="MaxAge"/>.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <inheritdoc />
    public void OnRoomEvent(string name, ProtoRoom room, ParticipantInfo? participant, TrackInfo? track)
    {
        var now = _time.GetUtcNow();
        var e = new WebhookEvent
        {
            Event = name,
            Room = room,
            Id = LiveKitIds.New("EV_"),
            CreatedAt = now.ToUnixTimeSeconds(),
        };
        if (participant is not null) e.Participant = participant;
        if (track is not null) e.Track = track;
        var body = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(e));
        foreach (var (_, queue, _) in _targets) queue.Writer.TryWrite((body, now.ToUnixTimeMilliseconds()));
    }

    /// <summary>The Authorization value for <paramref name="body"/>: a webhook-key token carrying the body's hash.</summary>
    public string Sign(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var grants = new ClaimGrants { Sha256 = Convert.ToBase64String(SHA256.HashData(body)) };
        return AccessTokenIssuer.Mint(_apiKey, _secret, grants, _time.GetUtcNow(), TokenLifetime);
    }

    private async Task SendLoopAsync(string url, ChannelReader<(byte[] Body, long QueuedAtMs)> queue)
    {
        try
        {
            await foreach (var (body, queuedAtMs) in queue.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                var delay = TimeSpan.FromMilliseconds(250);
                while (true)
                {
                    if (await TryPostAsync(url, body).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref _delivered);
                        break;
                    }
                    if (_time.GetUtcNow().ToUnixTimeMilliseconds() - queuedAtMs + delay.TotalMilliseconds > MaxAge.TotalMilliseconds)
                    {
                        Interlocked.Increment(ref _failed);
                        Log.GaveUp(_log, url, MaxAge.TotalSeconds);
                        break;
                    }
                    await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: undelivered events are dropped with the process.
        }
    }

    private async Task<bool> TryPostAsync(string url, byte[] body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/webhook+json");
            request.Headers.TryAddWithoutValidation("Authorization", Sign(body));
            using var response = await _http.SendAsync(request, _stop.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return true;
            Log.Refused(_log, url, (int)response.StatusCode);
            return false;
        }
        catch (HttpRequestException e)
        {
            Log.Unreachable(_log, url, e.Message);
            return false;
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            Log.Unreachable(_log, url, "timed out");
            return false;
        }
    }

    /// <summary>Stops the senders (events not yet posted are dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, queue, _) in _targets) queue.Writer.TryComplete();
        // Give the senders a moment to post what is queued (room_finished at shutdown), then stop them.
        var all = Task.WhenAll(_targets.Select(t => t.Sender));
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _http.Dispose();
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "webhook {Url} answered {Status}; retrying")]
        public static partial void Refused(ILogger logger, string url, int status);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "webhook {Url} unreachable ({Reason}); retrying")]
        public static partial void Unreachable(ILogger logger, string url, string reason);

        [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "webhook {Url}: an event was given up after {Seconds} s of retries")]
        public static partial void GaveUp(ILogger logger, string url, double seconds);
    }
}
