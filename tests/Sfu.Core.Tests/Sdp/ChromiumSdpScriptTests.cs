using System.Diagnostics;

namespace Sfu.Core.Tests.Sdp;

/// <summary>The Chromium check never passes silently: without a browser the script fails loudly.</summary>
public class ChromiumSdpScriptTests
{
    [Fact]
    public async Task Script_exits_with_an_error_and_a_clear_message_when_chromium_is_missing()
    {
        var interop = Path.Combine(Fixtures.RepositoryRoot, "tests", "interop");
        var psi = new ProcessStartInfo("node", [Path.Combine(interop, "tools", "chromium-sdp-check.js"), "offers"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = interop,
        };
        psi.Environment["SFU_CHROMIUM"] = Path.Combine(Path.GetTempPath(), "no-such-dir", "chromium");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("is missing", await stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await stdout);
    }
}
