namespace Sfu.Transport.Tests;

/// <summary>
/// Tests that open sockets and start shard threads run one class at a time: on a 2-core machine shared
/// with other builds, parallel loopback floods would make timing-based waits flaky, and the metrics
/// tests read the process-wide "Sfu.Transport" meters.
/// </summary>
internal static class SocketTests
{
    public const string Collection = "sockets";
}
