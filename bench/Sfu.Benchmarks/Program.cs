using BenchmarkDotNet.Running;

namespace Sfu.Benchmarks;

/// <summary>Entry point: every benchmark class in this assembly, chosen with BenchmarkDotNet's --filter.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--loop")
        {
            Environment.ExitCode = ProfileLoops.Run(args);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
