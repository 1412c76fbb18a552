using System.Diagnostics;
using System.Globalization;
using Sfu.Server.Tests.Hosting;

namespace Sfu.Server.Tests.Rtc;

/// <summary>
/// coturn's <c>turnserver</c> (Debian package <c>coturn</c>, installed by test.sh) on 127.0.0.1 for one test:
/// UDP only, a free port, one static long-term user, no configuration file, no CLI, loopback peers allowed
/// (the SFU is on 127.0.0.1 too). Disposing stops it, always.
/// </summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string User = "sfu-test";
    public const string Password = "sfu-test-password";

    private readonly Process _process;
    private readonly string _dir;

    private Coturn(Process process, int port, string dir)
    {
        _process = process;
        Port = port;
        _dir = dir;
    }

    public int Port { get; }

    /// <summary>Everything turnserver logged (to stdout).</summary>
    public string Log => _log.ToString();
    private readonly System.Text.StringBuilder _log = new();

    public static async Task<Coturn> StartAsync()
    {
        var exe = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "turnserver")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("turnserver is not installed: run ./test.sh (it installs the Debian package coturn)");
        var port = TestPorts.FreeUdp();
        var dir = Directory.CreateTempSubdirectory("sfu-coturn-").FullName;
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "-n", "--no-cli", "--no-tcp", "--no-tls", "--no-dtls",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port.ToString(CultureInfo.InvariantCulture),
            "--allow-loopback-peers", "--lt-cred-mech", "--fingerprint", "--realm=sfu.test", $"--user={User}:{Password}",
            "--userdb=" + Path.Combine(dir, "turndb"), "--pidfile=" + Path.Combine(dir, "turnserver.pid"),
            "--log-file=stdout", "--simple-log",
        }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("turnserver could not be started");
        var coturn = new Coturn(process, port, dir);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (coturn._log) coturn._log.AppendLine(e.Data);
            if (e.Data.Contains("Total General servers", StringComparison.Ordinal)) ready.TrySetResult();
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Bounded: turnserver is up in well under a second; a generous deadline for a loaded machine.
        await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20)));
        if (!ready.Task.IsCompleted)
        {
            await coturn.DisposeAsync();
            throw new InvalidOperationException("turnserver did not start: " + coturn.Log);
        }
        return coturn;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
