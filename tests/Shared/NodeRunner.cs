using System.Diagnostics;
using System.Text;

namespace Sfu.Tests.Shared;

/// <summary>
/// Runs a node script of <c>tests/interop</c> (real peers: Chromium through playwright-core, the LiveKit
/// SDKs, werift...) and returns its standard output. A missing node or node_modules fails the test with a
/// clear message; <c>./test.sh</c> installs both before the suites run.
/// </summary>
public static class NodeRunner
{
    /// <summary>The interop folder (package.json, node_modules, tools/).</summary>
    public static string InteropRoot => System.IO.Path.Combine(Fixtures.RepositoryRoot, "tests", "interop");

    /// <summary>Fails with a clear message when node or the pinned npm packages are not installed.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(System.IO.Path.Combine(InteropRoot, "node_modules", ".package-lock.json")))
            throw new InvalidOperationException("tests/interop/node_modules is missing: run ./test.sh (it runs npm ci there)");
    }

    /// <summary>
    /// Runs a node script synchronously (path absolute or relative to <c>tests/interop</c>) and returns its
    /// standard output; the calling test fails when node is missing, the script fails or it runs over a minute.
    /// </summary>
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(System.IO.Path.Combine(InteropRoot, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process? p;
        try
        {
            p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is required but could not be started: " + e.Message, e);
        }
        using var process = p ?? throw new InvalidOperationException("node could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 60 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"node {System.IO.Path.GetFileName(script)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>
    /// Runs <c>node tests/interop/&lt;script&gt; args...</c> with a timeout; returns (exit code, stdout, stderr).
    /// The process tree is killed when the timeout passes.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout)
    {
        RequireInstalled();
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout.TotalSeconds} s; stderr: {await stderr.ConfigureAwait(false)}");
        }
        return (p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
