using Microsoft.Extensions.Logging;

namespace Sfu.Server.Media;

/// <summary>Source-generated log messages of the media host (event ids 100-199).</summary>
internal static partial class MediaLog
{
    [LoggerMessage(100, LogLevel.Information, "media ready on {Endpoints}; DTLS fingerprint {Fingerprint}; warm-up handshake {WarmupMs} ms")]
    public static partial void Ready(ILogger logger, string endpoints, string fingerprint, int warmupMs);

    [LoggerMessage(110, LogLevel.Information, "echo session {Ufrag} created on shard {Shard} ({Sections} echoed section(s), DTLS {Role})")]
    public static partial void EchoCreated(ILogger logger, string ufrag, int shard, int sections, string role);

    [LoggerMessage(111, LogLevel.Warning, "echo offer refused: {Reason}")]
    public static partial void EchoRefused(ILogger logger, string reason);
}
