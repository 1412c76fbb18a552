using System.Diagnostics;
using System.Net;
using Sfu.Transport.Ice;
using Sfu.Transport.Relay;
using Xunit.Abstractions;

namespace Sfu.Transport.Tests.Interop;

/// <summary>
/// A real ICE agent nobody on this team wrote (libjuice inside node-datachannel, pinned in
/// tests/interop/package.json) completes ICE against a shard: directly, and through the impairment relay
/// at 5% loss each way. Missing node or node_modules fails the test with a message (test.sh installs them).
/// </summary>
public class NodeDataChannelIceTests(ITestOutputHelper output)
{
    private static string Script => Path.Combine(Fixtures.RepositoryRoot, "tests", "interop", "tools", "ndc-ice-lite.js");

    [Fact]
    public void Node_datachannel_completes_ice_directly_against_a_shard() => RunAgainstShard(ImpairmentOptions.None, useRelay: false);

    [Fact]
    public void Node_datachannel_completes_ice_through_the_relay_at_five_percent_loss()
    {
        // A handshake is only a few datagrams, so at 5% a random seed would usually lose none. Pick the
        // first seed whose first draw loses the peer's first check: the run then proves recovery from loss.
        var seed = Enumerable.Range(1, 10_000).First(s => new Random(s).NextDouble() < 0.05);
        var relayStats = RunAgainstShard(new ImpairmentOptions { LossRate = 0.05, Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(5), Seed = seed }, useRelay: true);
        Assert.True(relayStats!.Upstream.Lost >= 1, "the relay lost nothing, so loss recovery was not exercised");
    }

    private ImpairmentRelay? RunAgainstShard(ImpairmentOptions impairment, bool useRelay)
    {
        var modules = Path.Combine(Fixtures.RepositoryRoot, "tests", "interop", "node_modules", "node-datachannel");
        Assert.True(Directory.Exists(modules), $"node-datachannel is not installed at {modules}: run `npm ci --no-audit --no-fund` in tests/interop (test.sh does).");
        using var transport = Sharding.ShardTests.Start();
        var shard = transport.Shards[0];
        var credentials = IceCredentials.Generate();
        var session = new RecordingIceSession(credentials);
        var connected = new ManualResetEventSlim();
        session.StateChanged += (_, state) => { if (state == IceState.Connected) connected.Set(); };
        Assert.True(shard.AddSession(session, credentials.Ufrag));
        var server = shard.LocalEndPoints[0];
        using var relay = useRelay ? new ImpairmentRelay(server, impairment) : null;
        var target = relay?.FrontEndPoint ?? server;

        var (exitCode, stdout, stderr) = RunNode(Script, $"{target.Address} {target.Port} {credentials.Ufrag} {credentials.Password} 20000", TimeSpan.FromSeconds(40));
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        if (relay is not null)
            output.WriteLine($"relay up: {relay.Upstream.Received} in, {relay.Upstream.Lost} lost; down: {relay.Downstream.Received} in, {relay.Downstream.Lost} lost");
        Assert.True(exitCode == 0, $"node-datachannel did not reach ICE connected (exit {exitCode}):\n{stdout}\n{stderr}");
        Assert.Contains("\"state\":\"connected\"", stdout, StringComparison.Ordinal);
        Assert.True(connected.Wait(TimeSpan.FromSeconds(5)), "the server-side agent never validated the peer");
        Assert.True(shard.Counters.PacketsOut > 0);
        if (relay is not null) Assert.True(relay.Upstream.Received > 0);
        return relay;
    }

    private static (int ExitCode, string Stdout, string Stderr) RunNode(string script, string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", $"\"{script}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"node is not installed or not on PATH ({ex.Message}): test.sh installs it.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node did not exit within {timeout}: {stdout.Result}");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
