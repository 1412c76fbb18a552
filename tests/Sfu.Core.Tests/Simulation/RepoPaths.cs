namespace Sfu.Core.Tests.Simulation;

/// <summary>Files of this repository the tests run (found from the test assembly upwards, never a machine path).</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sfu.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root (Sfu.sln) not found above the test assembly");
        }
    }

    public static string TwccDecoder => Path.Combine(Root, "tests", "interop", "tools", "twcc-decode.js");
}
