using System.Diagnostics;

namespace Sfu.Core.Tests.Simulation;

/// <summary>Runs a node script; the calling test fails (never skips) when node is missing.</summary>
internal static class NodeRunner
{
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process? process;
        try
        {
            process = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail("node is required for the transport-cc interop check but could not be started: " + e.Message);
            throw;
        }
        Assert.NotNull(process);
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node {Path.GetFileName(script)} failed ({process.ExitCode}): {stderr}");
            return stdout.Result;
        }
    }
}
