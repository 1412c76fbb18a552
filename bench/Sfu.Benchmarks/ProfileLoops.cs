using System.Diagnostics;
using System.Globalization;
using Sfu.Transport.Dtls;

namespace Sfu.Benchmarks;

/// <summary>
/// Plain loops over the benchmark bodies, for a profiler (perf record / perf stat; docs/performance.md):
/// <c>dotnet run -c Release --project bench/Sfu.Benchmarks -- --loop NAME [seconds] [subscribers] [mode]</c>.
/// Prints wall and thread-CPU time per operation; the CPU figure is the one to read on a shared machine
/// (time spent waiting for a core is not in it).
/// </summary>
internal static class ProfileLoops
{
    public static int Run(string[] args)
    {
        var name = args.Length > 1 ? args[1] : "";
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        Func<(Action Body, int PerCall, Action Cleanup)>? make = name switch
        {
            "udp-send-shard" => () =>
            {
                var b = new UdpSendBenchmarks();
                b.Setup();
                return (b.ShardSendmmsg, UdpSendBenchmarks.Batch, b.Cleanup);
            },
            "udp-send-raw" => () =>
            {
                var b = new UdpSendBenchmarks();
                b.Setup();
                return (() => b.RawSendmmsg(), UdpSendBenchmarks.Batch, b.Cleanup);
            },
            "udp-send-socket" => () =>
            {
                var b = new UdpSendBenchmarks();
                b.Setup();
                return (b.SocketSendTo, UdpSendBenchmarks.Batch, b.Cleanup);
            },
            "fanout" => () =>
            {
                var b = new FanoutBenchmarks
                {
                    Subscribers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000,
                    Mode = args.Length > 4 ? Enum.Parse<FanoutBenchmarks.Encryption>(args[4]) : FanoutBenchmarks.Encryption.AeadAes128Gcm,
                };
                b.Setup();
                return (b.ForwardOnePacket, b.Subscribers, () => { });
            },
            _ => null,
        };
        if (make is null)
        {
            Console.Error.WriteLine("--loop udp-send-shard|udp-send-raw|udp-send-socket|fanout [seconds] [subscribers] [None|AeadAes128Gcm|AesCm128HmacSha1_80]");
            return 2;
        }
        var (body, perCall, cleanup) = make();
        // Tiered JIT to its final code before measuring: one second of calls (20,000 calls of a 1000-subscriber
        // fan-out would take minutes).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1) body();
        var wall = Stopwatch.StartNew();
        var cpu0 = ThreadCpuTime.Current();
        long calls = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 256; i++) body();
            calls += 256;
        }
        var cpu = ThreadCpuTime.Current() - cpu0;
        var ops = (double)calls * perCall;
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: {ops:N0} ops, wall {wall.Elapsed.TotalNanoseconds / ops:F0} ns/op, thread CPU {cpu.TotalNanoseconds / ops:F0} ns/op"));
        cleanup();
        return 0;
    }
}
