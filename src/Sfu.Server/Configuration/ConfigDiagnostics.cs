namespace Sfu.Server.Configuration;

/// <summary>
/// What loading and validating the configuration found: errors stop the server (exit 2, nothing started);
/// warnings are logged once at start. Every message names the key it is about.
/// </summary>
public sealed class ConfigDiagnostics
{
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly SortedSet<string> _ignoredKeys = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Errors => _errors;
    public IReadOnlyList<string> Warnings => _warnings;
    /// <summary>Keys LiveKit knows that this server accepts but does not act on.</summary>
    public IReadOnlyCollection<string> IgnoredKeys => _ignoredKeys;
    public bool HasErrors => _errors.Count > 0;

    public void Error(string key, string problem) => _errors.Add($"{key}: {problem}");
    public void Warn(string key, string problem) => _warnings.Add($"{key}: {problem}");
    public void Ignored(string key) => _ignoredKeys.Add(key);

    /// <summary>Warnings plus one line naming every ignored key.</summary>
    public IEnumerable<string> AllWarnings()
    {
        foreach (var w in _warnings) yield return w;
        if (_ignoredKeys.Count > 0)
            yield return "keys accepted but not acted on by this server: " + string.Join(", ", _ignoredKeys);
    }
}
