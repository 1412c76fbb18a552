using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Http;
using static Sfu.Signaling.Tests.Auth.TestJwt;

namespace Sfu.Signaling.Tests.Http;

/// <summary>
/// The pre-upgrade endpoints on a real Kestrel bound to 127.0.0.1: every status and body the SDKs read,
/// and Access-Control-Allow-Origin on every validate answer (the JS v1 to v0 fallback needs it).
/// </summary>
public sealed class RtcValidationEndpointTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _http;
    private Uri? _base;
    private int _webSocketsServed;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        var verifier = new AccessTokenVerifier(
            new ApiKeyProvider(new Dictionary<string, string> { [DevKey] = DevSecret, [LongKey] = LongSecret }), TimeProvider.System);
        var options = new RtcValidationOptions { AutoCreateRooms = false, RoomExists = room => room != "missing" };
        _app.MapLiveKitRtcValidation(new RtcConnectValidator(verifier, options), async context =>
        {
            // Stand-in for the lead's session: proves upgrades reach the handler only after validation.
            var validation = await new RtcConnectValidator(verifier, options).ValidateAsync(context.Request, strict: false);
            if (!validation.IsValid)
            {
                await RtcEndpointRouteBuilderExtensions.WriteError(context.Response, validation.Error);
                return;
            }
            Interlocked.Increment(ref _webSocketsServed);
            using var ws = await context.WebSockets.AcceptWebSocketAsync();
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _base = new Uri(address);
        _http = new HttpClient { BaseAddress = _base };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static string Token(Action<JsonObject>? edit = null, string secret = DevSecret)
    {
        var p = JoinPayload(DateTimeOffset.UtcNow);
        edit?.Invoke(p);
        return Hs256(p, secret);
    }

    private async Task<(HttpStatusCode Status, string Body, string? Acao)> Get(string path, string? bearer = null, string? rawAuthorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (rawAuthorization is not null) request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
        using var response = await Http.SendAsync(request);
        var acao = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) ? string.Join(",", v) : null;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), acao);
    }

    private async Task AssertValidate(string query, HttpStatusCode status, string body, string? bearer = null)
    {
        var r = await Get("/rtc/validate" + query, bearer);
        Assert.Equal((status, body), (r.Status, r.Body));
        Assert.Equal("*", r.Acao);
    }

    [Fact]
    public async Task Validate_accepts_a_good_token_from_the_query_or_a_bearer_header()
    {
        await AssertValidate("?access_token=" + Token() + "&auto_subscribe=1&sdk=js&protocol=17", HttpStatusCode.OK, "success");
        await AssertValidate("", HttpStatusCode.OK, "success", bearer: Token());
        var r = await Get("/rtc/validate?access_token=" + Token());
        Assert.Equal("text/plain; charset=utf-8", (await Http.GetAsync("/rtc/validate?access_token=" + Token())).Content.Headers.ContentType!.ToString());
        Assert.Equal("*", r.Acao);
    }

    [Fact]
    public async Task Validate_accepts_the_token_in_a_urlencoded_form_body()
    {
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("access_token", Token())]);
        using var response = await Http.PostAsync("/rtc/validate", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validate_refuses_bad_tokens_with_401_and_livekit_texts()
    {
        await AssertValidate("", HttpStatusCode.Unauthorized, "no permissions to access the room");
        await AssertValidate("?access_token=" + Token(secret: "wrong"), HttpStatusCode.Unauthorized, "invalid authorization token: signature is invalid");
        await AssertValidate("?access_token=" + Token(p => p["exp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120), HttpStatusCode.Unauthorized, "invalid authorization token: token is expired");
        var none = B64("""{"alg":"none"}""") + "." + B64(JoinPayload(DateTimeOffset.UtcNow).ToJsonString()) + ".";
        await AssertValidate("?access_token=" + none, HttpStatusCode.Unauthorized, "invalid authorization token: signing method none is invalid");
        var rs256 = Sign("""{"alg":"RS256"}""", JoinPayload(DateTimeOffset.UtcNow).ToJsonString(), DevSecret);
        await AssertValidate("?access_token=" + rs256, HttpStatusCode.Unauthorized, "invalid authorization token: signing method RS256 is invalid");
        await AssertValidate("?access_token=" + Token(p => p["iss"] = "nobody"), HttpStatusCode.Unauthorized, "invalid API key: nobody");
        await AssertValidate("?access_token=" + Token(p => p["video"]!.AsObject().Remove("roomJoin")), HttpStatusCode.Unauthorized, "permissions denied");
        await AssertValidate("?access_token=a.b.c.d.e", HttpStatusCode.Unauthorized, "invalid authorization token");
        await AssertValidate("", HttpStatusCode.Unauthorized, "invalid authorization token", bearer: new string('A', 9000) + ".e30.AAAA");
    }

    [Fact]
    public async Task A_non_bearer_authorization_header_is_refused()
    {
        var r = await Get("/rtc/validate?access_token=" + Token(), rawAuthorization: "Basic ZGV2a2V5OnNlY3JldA==");
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid authorization header. Must start with Bearer "), (r.Status, r.Body));
        Assert.Equal("*", r.Acao);
    }

    [Fact]
    public async Task Validate_refuses_bad_parameters_with_400_401_and_404()
    {
        await AssertValidate("?access_token=" + Token(p => p.Remove("sub")), HttpStatusCode.BadRequest, "identity cannot be empty");
        await AssertValidate("?access_token=" + Token(p => p["video"]!.AsObject().Remove("room")), HttpStatusCode.BadRequest, "no room name");
        await AssertValidate("?access_token=" + Token(p => p["sub"] = new string('i', 300)), HttpStatusCode.BadRequest, "participant identity length exceeds limits: max length 256");
        await AssertValidate("?access_token=" + Token(p => p["video"]!["room"] = "missing"), HttpStatusCode.NotFound, "requested room does not exist");
        await AssertValidate("?access_token=" + Token() + "&attributes=" + B64("""{"role":"admin"}"""), HttpStatusCode.Unauthorized, "no permissions to access the room");
        await AssertValidate("?access_token=" + Token(p => p["video"]!["canUpdateOwnMetadata"] = true) + "&attributes=%25%25", HttpStatusCode.BadRequest, "cannot decode attributes");
        await AssertValidate("?access_token=" + Token(p => p["video"]!["canUpdateOwnMetadata"] = true) + "&attributes=" + B64("""{"a":"b"}"""), HttpStatusCode.OK, "success");
    }

    [Fact]
    public async Task V1_paths_answer_404_with_acao_and_a_body_that_makes_the_js_sdk_fall_back()
    {
        foreach (var path in new[] { "/rtc/v1?access_token=" + Token() + "&join_request=AAAA", "/rtc/v1/validate?access_token=" + Token() + "&join_request=AAAA", "/rtc/v1/validate" })
        {
            var r = await Get(path);
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("*", r.Acao);
            Assert.DoesNotContain("requested room does not exist", r.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task V1_websocket_upgrade_is_refused_with_404_so_rust_sdk_falls_back()
    {
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        ws.Options.SetRequestHeader("Authorization", "Bearer " + Token());
        var wsUri = new UriBuilder(_base!) { Scheme = "ws", Path = "/rtc/v1" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(wsUri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, ws.HttpStatusCode);
    }

    [Fact]
    public async Task Rtc_without_websocket_upgrade_is_a_bare_404()
    {
        var r = await Get("/rtc?access_token=" + Token());
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("", r.Body);
    }

    [Fact]
    public async Task Rtc_websocket_upgrade_reaches_the_session_handler_only_when_valid()
    {
        using (var ws = new ClientWebSocket())
        {
            var ok = new UriBuilder(_base!) { Scheme = "ws", Path = "/rtc", Query = "access_token=" + Token() + "&protocol=17" }.Uri;
            await ws.ConnectAsync(ok, CancellationToken.None);
            var buffer = new byte[16];
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        }
        Assert.Equal(1, Volatile.Read(ref _webSocketsServed));

        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        var bad = new UriBuilder(_base!) { Scheme = "ws", Path = "/rtc", Query = "access_token=" + Token(secret: "wrong") }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(bad, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Equal(1, Volatile.Read(ref _webSocketsServed));
    }

    [Fact]
    public async Task Preflight_is_answered_with_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/rtc/validate");
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_sdk_minted_token_validates_over_http_with_a_bearer_header()
    {
        var spec = new JsonArray(new JsonObject
        {
            ["apiKey"] = LongKey,
            ["secret"] = LongSecret,
            ["identity"] = "node-user",
            ["video"] = new JsonObject { ["roomJoin"] = true, ["room"] = "node-room" },
        });
        var token = (string)JsonNode.Parse(NodeInterop.Run(NodeInterop.ToolScript("token-mint.js"), [], spec.ToJsonString()))!.AsArray()[0]!;
        await AssertValidate("", HttpStatusCode.OK, "success", bearer: token);
        await AssertValidate("?access_token=" + token, HttpStatusCode.OK, "success");
    }
}
