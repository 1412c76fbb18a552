using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Transport.Diagnostics;
using Sfu.Transport.Sharding;

namespace Sfu.Transport.Udp;

/// <summary>
/// The UDP media transport: N shards, their sockets, the process-wide owner map and the metrics. Opens
/// exactly the ports the options name (one shared port with SO_REUSEPORT, or one port of a range per shard)
/// and logs them.
/// </summary>
public sealed class UdpTransport : IDisposable
{
    private readonly Shard[] _shards;
    private readonly TransportMetrics _metrics;
    private bool _started;

    /// <summary>Opens the sockets (binding happens here, so a port conflict throws at construction).</summary>
    public UdpTransport(UdpTransportOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var clock = time ?? TimeProvider.System;
        var origin = clock.GetTimestamp();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Sfu.Transport.Udp");
        var ports = options.ResolveShardPorts();
        var addresses = options.BindAddresses.Count > 0 ? options.BindAddresses.ToArray() : [IPAddress.Any];
        var shared = options.SharesOnePort && options.ShardCount > 1;
        Owners = shared ? new OwnerMap() : null;
        _shards = new Shard[options.ShardCount];
        var opened = new List<UdpBatchSocket>();
        try
        {
            // With port 0 (tests) the first shard's ephemeral port becomes the shared port of the others.
            var resolvedPorts = new int[addresses.Length];
            for (var s = 0; s < options.ShardCount; s++)
            {
                var sockets = new UdpBatchSocket[addresses.Length];
                for (var a = 0; a < addresses.Length; a++)
                {
                    var port = shared && s > 0 ? resolvedPorts[a] : ports[s];
                    var socket = UdpBatchSocket.Open(addresses[a], port, reusePort: shared, options.SocketBufferBytes);
                    sockets[a] = UdpBatchSocket.Create(socket, options.BatchSize, options.MaxDatagramSize, options.ForcePortableIO);
                    opened.Add(sockets[a]);
                    if (s == 0) resolvedPorts[a] = sockets[a].LocalEndPoint.Port;
                }
                _shards[s] = new Shard(s, sockets, Owners, ShardAt, options.CommandQueueCapacity, clock, origin,
                    loggerFactory?.CreateLogger("Sfu.Transport.Shard"));
                foreach (var socket in sockets)
                    TransportLog.ShardListening(logger, s, socket.LocalEndPoint, socket is LinuxBatchSocket ? "recvmmsg/sendmmsg" : "portable", shared);
            }
        }
        catch
        {
            foreach (var socket in opened) socket.Dispose();
            throw;
        }
        _metrics = new TransportMetrics([.. _shards.Select(s => s.Counters)]);
    }

    /// <summary>The options this transport was built from.</summary>
    public UdpTransportOptions Options { get; }

    /// <summary>The shards, index = shard number.</summary>
    public IReadOnlyList<Shard> Shards => _shards;

    /// <summary>The owner map when shards share one port; null otherwise.</summary>
    public OwnerMap? Owners { get; }

    /// <summary>Every bound endpoint, shard by shard.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _shards.SelectMany(s => s.LocalEndPoints)];

    /// <summary>Starts the shard threads.</summary>
    public void Start()
    {
        if (_started) return;
        _started = true;
        foreach (var shard in _shards) shard.Start();
    }

    /// <summary>The shard a room should live on (stable for a name within this process).</summary>
    public Shard ShardForRoom(string roomName)
    {
        ArgumentNullException.ThrowIfNull(roomName);
        var hash = 0u;
        foreach (var c in roomName) hash = (hash * 31) + c; // deterministic (string.GetHashCode is randomised)
        return _shards[hash % (uint)_shards.Length];
    }

    private Shard? ShardAt(int index) => (uint)index < (uint)_shards.Length ? _shards[index] : null;

    /// <summary>Stops every shard, closes its sessions and sockets.</summary>
    public void Dispose()
    {
        foreach (var shard in _shards) shard?.Stop();
        foreach (var shard in _shards) shard?.Dispose();
        _metrics.Dispose();
    }
}
