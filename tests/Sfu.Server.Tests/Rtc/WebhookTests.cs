using System.Diagnostics;
using System.Text.Json;
using Sfu.Tests.Shared;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// Webhooks checked by the real livekit-server-sdk WebhookReceiver (tests/interop/tools/webhook-receiver.js:
/// signature, sha256 of the body, protojson decoding) while two @livekit/rtc-node participants join, one
/// publishes a track, both leave and the room closes after its departure timeout.
/// </summary>
[Collection("browser")]
public sealed class WebhookTests
{
    [Fact]
    public async Task A_room_session_posts_signed_events_in_order_that_the_server_sdk_accepts()
    {
        NodeRunner.RequireInstalled();
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeRunner.InteropRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "tools/webhook-receiver.js", "devkey", "secret", "room_finished", "90" }) psi.ArgumentList.Add(a);
        using var receiver = Process.Start(psi)!;
        try
        {
            var first = await receiver.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("PORT ", first, StringComparison.Ordinal);
            var port = first!["PORT ".Length..];
            await using (var server = await LiveKitServer.StartAsync("--config-body",
                $"webhook:\n  api_key: devkey\n  urls:\n    - http://127.0.0.1:{port}/livekit\nroom:\n  departure_timeout: 1\n"))
            {
                var (code, stdout, stderr) = await NodeRunner.RunAsync("tools/lk-rtcnode.js",
                    [JsonSerializer.Serialize(new { server = server.WsUrl, room = "hooks", seconds = 2 })], TimeSpan.FromSeconds(90));
                Assert.True(code == 0, $"lk-rtcnode.js exit {code}: {stdout}\n{stderr}");

                // The receiver exits once room_finished arrived (1 s after the last participant left).
                await receiver.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            var line = (await receiver.StandardOutput.ReadToEndAsync()).Trim();
            var events = JsonDocument.Parse(line).RootElement.EnumerateArray().ToList();
            Assert.All(events, e => Assert.False(e.TryGetProperty("error", out var error), "refused by WebhookReceiver: " + error));
            var names = events.Select(e => e.GetProperty("event").GetString()!).ToList();
            Assert.Equal("room_started", names[0]);
            Assert.Equal("room_finished", names[^1]);
            Assert.Equal(2, names.Count(n => n == "participant_joined"));
            Assert.Equal(2, names.Count(n => n == "participant_left"));
            Assert.Equal(1, names.Count(n => n == "track_published"));
            Assert.Equal(1, names.Count(n => n == "track_unpublished"));
            Assert.True(names.IndexOf("track_published") < names.IndexOf("track_unpublished"), string.Join(",", names));
            Assert.All(events, e => Assert.Equal("hooks", e.GetProperty("room").GetString()));
            Assert.Single(events.Select(e => e.GetProperty("roomSid").GetString()).Distinct());
            Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
            var published = events.First(e => e.GetProperty("event").GetString() == "track_published");
            Assert.StartsWith("TR_", published.GetProperty("track").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(published.GetProperty("participant").GetString()));
        }
        finally
        {
            if (!receiver.HasExited) receiver.Kill(entireProcessTree: true);
        }
    }
}
