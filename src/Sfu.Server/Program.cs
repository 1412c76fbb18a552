using Sfu.Server.Configuration;
using Sfu.Server.Hosting;

namespace Sfu.Server;

/// <summary>The <c>sfu</c> executable.</summary>
public static class Program
{
    /// <summary>Exit code for configuration errors: nothing was started.</summary>
    public const int ConfigErrorExitCode = 2;

    public static int Main(string[] args) => Run(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error);

    /// <summary>Parses, validates and runs; returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var diag = new ConfigDiagnostics();
        var cli = CommandLineOptions.Parse(args, diag);
        if (cli.Help)
        {
            stdout.WriteLine(CommandLineOptions.Usage);
            return 0;
        }
        if (cli.Version)
        {
            stdout.WriteLine("sfu " + SfuHost.Version);
            return 0;
        }
        var config = diag.HasErrors ? null : ConfigLoader.Load(cli, getEnv, diag);
        if (config is null || diag.HasErrors)
        {
            foreach (var e in diag.Errors) stderr.WriteLine("configuration error: " + e);
            stderr.WriteLine("not started (exit 2); see --help and docs/configuration.md");
            return ConfigErrorExitCode;
        }
        using var app = SfuHost.Build(config, diag);
        app.Run();
        return 0;
    }
}
