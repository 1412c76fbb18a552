using Sfu.Server.Configuration;

namespace Sfu.Server.Tests.Configuration;

/// <summary>Loads a configuration the way <c>sfu</c> does, from arguments and a fake environment.</summary>
internal static class ConfigHarness
{
    public const string LongSecret = "0123456789abcdef0123456789abcdef-long-enough";

    public static (SfuConfig? Config, ConfigDiagnostics Diag) Load(string[] args, Dictionary<string, string>? env = null)
    {
        var diag = new ConfigDiagnostics();
        var cli = CommandLineOptions.Parse(args, diag);
        if (diag.HasErrors) return (null, diag);
        var config = ConfigLoader.Load(cli, k => env is not null && env.TryGetValue(k, out var v) ? v : null, diag);
        return (config, diag);
    }

    /// <summary>A config body plus a valid production key, so only the body's own problems show.</summary>
    public static (SfuConfig? Config, ConfigDiagnostics Diag) LoadBody(string yaml, bool withKey = true) =>
        Load(withKey ? ["--config-body", yaml, "--keys", "prod: " + LongSecret] : ["--config-body", yaml]);

    public static string Errors(ConfigDiagnostics d) => string.Join("\n", d.Errors);
}
