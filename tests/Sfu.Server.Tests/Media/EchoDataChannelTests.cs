using System.Net;
using System.Text.Json;
using Sfu.Transport.Relay;

namespace Sfu.Server.Tests.Media;

/// <summary>
/// Data channels against an independent SCTP stack: node-datachannel (libdatachannel, usrsctp) opens three
/// channels to the echo endpoint (reliable ordered, unordered, maxRetransmits 0) and gets a string, a binary
/// message, an empty string and a 64 KiB message back intact; directly and through the impairment relay at
/// 5% loss each way (which SCTP retransmission must repair).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EchoDataChannelTests
{
    [Fact]
    public async Task Node_datachannel_gets_its_messages_echoed()
    {
        var (app, http, _) = await EchoHarness.StartServerAsync();
        try
        {
            var r = await EchoHarness.RunAsync("tools/echo-datachannel.js", new { server = $"http://127.0.0.1:{http}", timeoutMs = 60000 });
            AssertEchoes(r);
            Assert.Equal(10, r.GetProperty("echoes").GetProperty("lossy").GetInt32());
        }
        finally { await EchoHarness.StopAsync(app); }
    }

    [Fact]
    public async Task Node_datachannel_gets_its_messages_echoed_through_five_percent_loss()
    {
        var (app, http, udp) = await EchoHarness.StartServerAsync();
        var loss = new ImpairmentOptions { LossRate = 0.05, Seed = 11 };
        using var relay = new ImpairmentRelay(new IPEndPoint(IPAddress.Loopback, udp), loss, loss with { Seed = 12 }, IPAddress.Loopback);
        try
        {
            var r = await EchoHarness.RunAsync("tools/echo-datachannel.js",
                new { server = $"http://127.0.0.1:{http}", candidatePort = relay.FrontEndPoint.Port, timeoutMs = 90000 });
            AssertEchoes(r);
            Assert.True(relay.Upstream.Lost + relay.Downstream.Lost > 0, "the relay dropped nothing, so recovery was not exercised");
        }
        finally { await EchoHarness.StopAsync(app); }
    }

    [Fact]
    public async Task Node_datachannel_gets_its_messages_echoed_with_the_server_as_dtls_client()
    {
        // a=setup:active: the server is the DTLS client, node-datachannel the server; SCTP runs the same way.
        var (app, http, _) = await EchoHarness.StartServerAsync("rtc:\n  dtls_setup: active\n");
        try
        {
            var r = await EchoHarness.RunAsync("tools/echo-datachannel.js", new { server = $"http://127.0.0.1:{http}", timeoutMs = 60000 });
            Assert.Equal("active", r.GetProperty("answerSetup").GetString());
            AssertEchoes(r);
        }
        finally { await EchoHarness.StopAsync(app); }
    }

    private static void AssertEchoes(JsonElement r)
    {
        var e = r.GetProperty("echoes");
        Assert.True(e.GetProperty("string").GetBoolean(), r.ToString());
        Assert.True(e.GetProperty("binary").GetBoolean(), r.ToString());
        Assert.True(e.GetProperty("empty").GetBoolean(), r.ToString());
        Assert.True(e.GetProperty("big").GetBoolean(), r.ToString());
        Assert.Equal(65536, e.GetProperty("bigLength").GetInt32());
        Assert.True(e.GetProperty("unordered").GetBoolean(), r.ToString());
    }
}
