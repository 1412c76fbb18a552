using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.Core.Tests.Sdp;

/// <summary>
/// Headless Chromium behind tests/interop/tools/chromium-sdp-check.js in "serve" mode: one browser for a
/// test class, peer connections kept in the page between requests. Missing Chromium or node_modules make
/// every test of the class fail with the script's message; nothing is skipped.
/// </summary>
public sealed class ChromiumSdpPeer : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ChromiumSdpPeer()
    {
        var interop = Path.Combine(Fixtures.RepositoryRoot, "tests", "interop");
        var script = Path.Combine(interop, "tools", "chromium-sdp-check.js");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "playwright-core")))
            throw new InvalidOperationException("tests/interop/node_modules/playwright-core is missing: run `npm ci --no-audit --no-fund` in tests/interop (test.sh does).");
        var psi = new ProcessStartInfo("node", [script, "serve"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = interop,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        var ready = ReadLine();
        if (ready is null || !ready.Contains("\"ready\"", StringComparison.Ordinal))
            throw new InvalidOperationException("chromium-sdp-check.js did not start: " + Stderr());
    }

    private string Stderr()
    {
        lock (_stderr) return _stderr.ToString();
    }

    private string? ReadLine()
    {
        var task = _process.StandardOutput.ReadLineAsync();
        if (!task.Wait(s_timeout)) throw new TimeoutException("chromium-sdp-check.js did not answer in time: " + Stderr());
        return task.Result;
    }

    /// <summary>Sends one request and returns its reply.</summary>
    public JsonObject Request(JsonObject request)
    {
        _gate.Wait();
        try
        {
            _process.StandardInput.WriteLine(request.ToJsonString());
            _process.StandardInput.Flush();
            var line = ReadLine() ?? throw new InvalidOperationException("chromium-sdp-check.js exited: " + Stderr());
            return JsonNode.Parse(line)!.AsObject();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A Chromium offer for a scenario (plain, simulcast, recvonly, data, livekit), on peer connection <paramref name="id"/>.</summary>
    public string Offer(string id, string scenario)
    {
        var reply = Request(new JsonObject { ["op"] = "offer", ["id"] = id, ["scenario"] = scenario });
        Assert.True(reply["ok"]!.GetValue<bool>(), reply.ToJsonString());
        return reply["sdp"]!.GetValue<string>();
    }

    /// <summary>setLocalDescription(its offer) then setRemoteDescription(answer) on peer connection <paramref name="id"/>.</summary>
    public JsonObject ApplyAnswer(string id, string answer) =>
        Request(new JsonObject { ["op"] = "answer", ["id"] = id, ["sdp"] = answer });

    /// <summary>setRemoteDescription(offer), createAnswer, setLocalDescription on peer connection <paramref name="id"/>.</summary>
    public JsonObject ApplyOffer(string id, string offer) =>
        Request(new JsonObject { ["op"] = "remoteOffer", ["id"] = id, ["sdp"] = offer });

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("{\"op\":\"quit\"}");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(15_000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
        _process.Dispose();
        _gate.Dispose();
    }

    /// <summary>The transceiver with this mid in a reply.</summary>
    public static JsonObject Transceiver(JsonObject reply, string mid) =>
        reply["transceivers"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["mid"]?.GetValue<string>() == mid);

    public static string[] MimeTypes(JsonObject transceiver, string which) =>
        transceiver[which]!.AsArray().Select(c => c!["mimeType"]!.GetValue<string>()).ToArray();

    public static string Pretty(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
