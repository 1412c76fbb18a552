using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Rtc;

/// <summary>Log messages of the /rtc sessions (source-generated: no allocation when the level is off).</summary>
internal static partial class RtcLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "participant {Identity} joined room {Room} as {Sid}")]
    public static partial void Joined(ILogger logger, string identity, string sid, string room);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "participant {Sid} left ({Reason})")]
    public static partial void Left(ILogger logger, string sid, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "signal socket of {Sid} ended: {Why}")]
    public static partial void SocketEnded(ILogger logger, string sid, string why);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "undecodable signal frame from {Sid}: {Error}")]
    public static partial void BadFrame(ILogger logger, string sid, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "signal request {Kind} of {Sid} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string sid, string kind);
}
