using System.Diagnostics;

namespace Sfu.Signaling.Tests;

/// <summary>
/// Runs a node script against the real LiveKit packages installed in tests/interop/node_modules
/// (<c>npm ci</c> there). Missing node or node_modules fails the calling test with a clear message:
/// interop proofs are never skipped.
/// </summary>
internal static class NodeInterop
{
    public static string InteropFolder => Path.Combine(Fixtures.RepositoryRoot, "tests", "interop");

    public static string NodeModules => Path.Combine(InteropFolder, "node_modules");

    /// <summary>A script under tests/Sfu.Signaling.Tests/Interop.</summary>
    public static string TestScript(string name) => Path.Combine(Fixtures.RepositoryRoot, "tests", "Sfu.Signaling.Tests", "Interop", name);

    /// <summary>A helper under tests/interop/tools.</summary>
    public static string ToolScript(string name) => Path.Combine(InteropFolder, "tools", name);

    /// <summary>Runs <c>node script args</c> with NODE_PATH on the interop packages; returns stdout, fails the test on a non-zero exit.</summary>
    public static string Run(string script, IEnumerable<string> args, string? stdin = null)
    {
        var node = FindNode() ?? throw new InvalidOperationException(
            "node is not on PATH: the LiveKit interop tests need node 20+ (apt-get install nodejs) and `npm ci` in tests/interop");
        if (!Directory.Exists(Path.Combine(NodeModules, "@livekit", "protocol")) || !Directory.Exists(Path.Combine(NodeModules, "livekit-server-sdk")))
            throw new InvalidOperationException(
                "tests/interop/node_modules is missing livekit-server-sdk / @livekit/protocol: run `npm ci --no-audit --no-fund` in tests/interop");
        var psi = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropFolder,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NODE_PATH"] = NodeModules;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("node " + Path.GetFileName(script) + " did not finish in 60 s");
        }
        var stdout = stdoutTask.GetAwaiter().GetResult();
        var stderr = stderrTask.GetAwaiter().GetResult();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"node {Path.GetFileName(script)} exited {p.ExitCode}: {stderr}");
        return stdout;
    }

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
