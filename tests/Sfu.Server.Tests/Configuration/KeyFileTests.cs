namespace Sfu.Server.Tests.Configuration;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sfu-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string content, UnixFileMode mode)
    {
        var path = Path.Combine(_dir, "keys.yaml");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Owner_only_key_file_loads()
    {
        var path = Write($"fileKey: {ConfigHarness.LongSecret}\nsecond: {ConfigHarness.LongSecret}x\n", OwnerOnly);
        var (c, diag) = ConfigHarness.Load(["--key-file", path]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.Equal(ConfigHarness.LongSecret, c!.Keys["fileKey"]);
        Assert.Equal(2, c.Keys.Count);
    }

    [Fact]
    public void Key_file_readable_by_others_is_refused()
    {
        var path = Write($"k: {ConfigHarness.LongSecret}\n", OwnerOnly | UnixFileMode.OtherRead);
        var (_, diag) = ConfigHarness.Load(["--key-file", path]);
        Assert.Contains(diag.Errors, e => e.StartsWith("key_file:", StringComparison.Ordinal) && e.Contains("others", StringComparison.Ordinal));
    }

    [Fact]
    public void Group_readable_key_file_loads_with_a_warning()
    {
        var path = Write($"k: {ConfigHarness.LongSecret}\n", OwnerOnly | UnixFileMode.GroupRead);
        var (_, diag) = ConfigHarness.Load(["--key-file", path]);
        Assert.False(diag.HasErrors, ConfigHarness.Errors(diag));
        Assert.Contains(diag.Warnings, w => w.StartsWith("key_file:", StringComparison.Ordinal));
    }

    [Fact]
    public void Key_file_from_yaml_with_short_secret_is_refused_naming_the_key()
    {
        var path = Write("tiny: 0123456789\n", OwnerOnly);
        var (_, diag) = ConfigHarness.Load(["--config-body", $"key_file: {path}"]);
        Assert.Contains(diag.Errors, e => e.StartsWith("keys.tiny:", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_key_file_is_refused()
    {
        var (_, diag) = ConfigHarness.Load(["--key-file", Path.Combine(_dir, "absent.yaml")]);
        Assert.Contains(diag.Errors, e => e.StartsWith("key_file:", StringComparison.Ordinal));
    }
}
