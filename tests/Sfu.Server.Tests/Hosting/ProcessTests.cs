using System.Diagnostics;
using System.Globalization;

namespace Sfu.Server.Tests.Hosting;

/// <summary>The real <c>sfu</c> executable: exit codes, the health check and SIGTERM.</summary>
public class ProcessTests
{
    private static readonly string s_sfuDll = Path.Combine(AppContext.BaseDirectory, "sfu.dll");

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(s_sfuDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var k in new[] { "LIVEKIT_KEYS", "LIVEKIT_CONFIG", "NODE_IP", "UDP_PORT", "REDIS_HOST" }) psi.Environment.Remove(k);
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Ten_character_secret_exits_2_naming_the_key()
    {
        using var p = Start("--keys", "mykey: 0123456789");
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("keys.mykey", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_config_exits_2_and_starts_nothing()
    {
        var port = TestPorts.FreeTcp();
        using var p = Start("--dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--config-body", "rtc: [");
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("malformed YAML", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_server_answers_health_and_exits_cleanly_on_SIGTERM()
    {
        var port = TestPorts.FreeTcp();
        var udp = TestPorts.FreeUdp();
        using var p = Start("--dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--udp-port", udp.ToString(CultureInfo.InvariantCulture));
        var stdout = p.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            string? body = null;
            for (var i = 0; i < 150 && body is null && !p.HasExited; i++)
            {
                try { body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            Assert.Equal("OK", body);

            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(p.WaitForExit(20_000), "sfu did not exit after SIGTERM");
            Assert.Equal(0, p.ExitCode);
            Assert.Contains("SIGTERM received", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }
}
