using Microsoft.Extensions.Logging;

namespace Sfu.Server.Hosting;

/// <summary>Source-generated log messages of the host, with stable event ids (1-99).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "sfu {Version} listening on {Urls}; media UDP {UdpPorts}; dev mode {Development}")]
    public static partial void Started(ILogger logger, string version, string urls, string udpPorts, bool development);

    [LoggerMessage(2, LogLevel.Warning, "configuration: {Message}")]
    public static partial void ConfigWarning(ILogger logger, string message);

    [LoggerMessage(10, LogLevel.Information, "{Signal} received: refusing new joins, asking participants to leave, waiting up to {TimeoutSeconds} s for rooms to empty (send it again to exit at once)")]
    public static partial void ShutdownStarted(ILogger logger, string signal, int timeoutSeconds);

    [LoggerMessage(11, LogLevel.Warning, "second {Signal}: exiting now")]
    public static partial void ShutdownForced(ILogger logger, string signal);

    [LoggerMessage(12, LogLevel.Information, "all rooms are empty; stopping")]
    public static partial void ShutdownRoomsEmpty(ILogger logger);

    [LoggerMessage(13, LogLevel.Warning, "shutdown timeout reached with {Rooms} room(s) still active; stopping")]
    public static partial void ShutdownTimedOut(ILogger logger, int rooms);

    [LoggerMessage(14, LogLevel.Error, "a room holder failed to drain")]
    public static partial void DrainFailed(ILogger logger, Exception exception);
}
