using Microsoft.Extensions.Logging;

namespace Sfu.Server.Configuration;

/// <summary>The <c>logging</c> section.</summary>
public sealed class LoggingConfig
{
    public LogLevel Level { get; set; } = LogLevel.Information;
    /// <summary>One JSON object per line instead of the human format.</summary>
    public bool Json { get; set; }

    /// <summary>LiveKit's level names (debug, info, warn, warning, error) and .NET's.</summary>
    public static bool TryParseLevel(string? text, out LogLevel level)
    {
        level = LogLevel.Information;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "trace": level = LogLevel.Trace; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info" or "information": level = LogLevel.Information; return true;
            case "warn" or "warning": level = LogLevel.Warning; return true;
            case "error": level = LogLevel.Error; return true;
            case "fatal" or "critical" or "panic" or "dpanic": level = LogLevel.Critical; return true;
            default: return false;
        }
    }
}
