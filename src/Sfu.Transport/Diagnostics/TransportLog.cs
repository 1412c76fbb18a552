using System.Net;
using Microsoft.Extensions.Logging;

namespace Sfu.Transport.Diagnostics;

/// <summary>Source-generated log messages of the UDP transport, with stable event ids (6000-6099).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "UDP shard {Shard} listening on {EndPoint} ({Mode}, reuseport={ReusePort})")]
    public static partial void ShardListening(ILogger logger, int shard, IPEndPoint endPoint, string mode, bool reusePort);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Shard {Shard}: session {Session} threw and was closed")]
    public static partial void SessionFault(ILogger logger, Exception exception, int shard, string session);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Shard {Shard}: command threw")]
    public static partial void CommandFault(ILogger logger, Exception exception, int shard);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "UDP shard {Shard} stopped")]
    public static partial void ShardStopped(ILogger logger, int shard);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "UDP shard {Shard} loop failed")]
    public static partial void LoopFault(ILogger logger, Exception exception, int shard);
}
