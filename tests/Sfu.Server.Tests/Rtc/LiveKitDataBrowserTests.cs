using System.Text.Json;
using Sfu.Server.Tests.Media;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// LiveKit data with the unmodified livekit-client in Chromium (tests/interop/tools/lk-data-browser.js):
/// publishData reliable and lossy arrives as RoomEvent.DataReceived on the other page with the sender's
/// identity stamped by the server, a 63,900-byte reliable message arrives intact (livekit-client refuses
/// DataPackets over 64,000 bytes, so this is its largest single message), a participant without
/// canPublishData reaches nobody (and the drop is counted), destinationIdentities limit who gets a packet, and RoomService SendData reaches its destination.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveKitDataBrowserTests
{
    [Fact]
    public async Task Publish_data_reliable_lossy_and_a_largest_message_reach_the_other_page_and_server_send_data_too()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (code, stdout, stderr) = await NodeRunner.RunAsync("tools/lk-data-browser.js",
            [JsonSerializer.Serialize(new { server = server.WsUrl, room = "data", timeout = 150 })], TimeSpan.FromSeconds(170));
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal)) ?? "";
        Assert.True(line.Length > 0, $"no result (exit {code}): {stdout}\n{stderr}");
        var r = JsonDocument.Parse(line).RootElement;
        Assert.True(r.GetProperty("ok").GetBoolean(), $"driver failed: {line}\n{stderr}");
        Assert.True(r.GetProperty("gotReliable").GetBoolean(), "reliable publishData did not arrive from user0: " + line);
        Assert.True(r.GetProperty("gotLossy").GetBoolean(), "lossy publishData did not arrive from user0: " + line);
        Assert.True(r.GetProperty("gotBig").GetBoolean(), "the 63,900-byte message did not arrive intact: " + line);
        Assert.True(r.GetProperty("directedReached").GetBoolean(), "a packet for destination user2 did not reach it: " + line);
        Assert.Equal(0, r.GetProperty("directedLeaked").GetInt32());
        Assert.Equal(0, r.GetProperty("fromNoData").GetInt32());
        Assert.True(r.GetProperty("serverData").GetBoolean(), "RoomService SendData did not arrive: " + line);
        Assert.Equal(0, r.GetProperty("serverDataToOthers").GetInt32());
        var room = server.Registry.Find("data");
        Assert.NotNull(room);
        Assert.True(room.DataDrops(RtcDataDropReason.NotAllowed) >= 1, "the packet of the participant without canPublishData was not counted as dropped");
        Assert.True(room.DataForwarded >= 5);
    }

    [Fact]
    public async Task Rtc_node_participants_exchange_data_a_text_stream_and_an_rpc()
    {
        await using var server = await LiveKitServer.StartAsync();
        var (code, stdout, stderr) = await NodeRunner.RunAsync("tools/lk-rtcnode-data.js",
            [JsonSerializer.Serialize(new { server = server.WsUrl, room = "node-data", timeout = 80 })], TimeSpan.FromSeconds(100));
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal)) ?? "";
        Assert.True(line.Length > 0, $"no result (exit {code}): {stdout}\n{stderr}");
        var r = JsonDocument.Parse(line).RootElement;
        Assert.True(r.GetProperty("ok").GetBoolean(), $"driver failed: {line}\n{stderr}");
        Assert.True(r.GetProperty("reliable").GetBoolean(), line);
        Assert.True(r.GetProperty("lossy").GetBoolean(), line);
        Assert.True(r.GetProperty("text").GetBoolean(), "the 40,000-character text stream did not arrive: " + line);
        Assert.True(r.GetProperty("rpc").GetBoolean(), "the RPC round trip failed: " + line);
    }
}
