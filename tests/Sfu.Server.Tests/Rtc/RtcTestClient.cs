using System.Net.WebSockets;
using Google.Protobuf;
using Sfu.Signaling.Protocol;

namespace Sfu.Server.Tests.Rtc;

/// <summary>A raw protobuf /rtc client: sends SignalRequests, reads SignalResponses (optionally of one kind).</summary>
internal sealed class RtcTestClient : IAsyncDisposable
{
    public ClientWebSocket Socket { get; } = new();

    public async Task SendAsync(SignalRequest request) =>
        await Socket.SendAsync(request.ToByteArray(), WebSocketMessageType.Binary, true, CancellationToken.None);

    public async Task<SignalResponse> ReceiveAsync(int timeoutMs = 5000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[256 * 1024];
        var n = 0;
        while (true)
        {
            var r = await Socket.ReceiveAsync(buffer.AsMemory(n), cts.Token);
            n += r.Count;
            if (r.EndOfMessage) break;
        }
        return SignalResponse.Parser.ParseFrom(buffer, 0, n);
    }

    /// <summary>The next message of a kind, skipping others (pongs, updates...).</summary>
    public async Task<SignalResponse> ReceiveAsync(SignalResponse.MessageOneofCase kind, int timeoutMs = 5000)
    {
        var end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
            Assert.True(left > 0, $"no {kind} within {timeoutMs} ms");
            var m = await ReceiveAsync(left);
            if (m.MessageCase == kind) return m;
            if (m.MessageCase == SignalResponse.MessageOneofCase.RequestResponse)
                Assert.Fail($"waiting for {kind}, got a refusal: {m.RequestResponse}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try { await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        Socket.Dispose();
    }
}
