namespace Sfu.Tests.Shared;

/// <summary>
/// Locates the shared fixtures (SDP and packet captures from real browsers and stacks). They live in
/// <c>shared/fixtures</c> beside the repository; <c>SFU_FIXTURES</c> overrides the location.
/// A missing fixture fails the test: it is never skipped.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The fixtures folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>Full path of a fixture, e.g. <c>Fixtures.Path("capture/chromium-av-aead-aes-128-gcm.json")</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Every file in a fixture folder matching a pattern, sorted.</summary>
    public static string[] Files(string folder, string pattern)
    {
        var files = Directory.GetFiles(Path(folder), pattern);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>The repository root (the folder holding Sfu.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Sfu.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Sfu.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("SFU_FIXTURES");
        if (!string.IsNullOrEmpty(env)) return env;
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));
        if (Directory.Exists(candidate)) return candidate;
        throw new DirectoryNotFoundException("shared/fixtures not found beside the repository (set SFU_FIXTURES): " + candidate);
    }
}
