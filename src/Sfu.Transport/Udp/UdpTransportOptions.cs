using System.Net;

namespace Sfu.Transport.Udp;

/// <summary>
/// How the UDP media transport opens its shards and sockets. The server fills it from livekit.yaml
/// (<c>rtc.udp_port</c>, <c>rtc.port_range_start</c>/<c>port_range_end</c>, <c>rtc.node_ip</c>, bind addresses).
/// </summary>
public sealed class UdpTransportOptions
{
    /// <summary>
    /// The single shared port (<c>rtc.udp_port: 7882</c>): every shard binds it with SO_REUSEPORT. 0 binds an
    /// ephemeral port (tests); the first shard's port is then reused by the others.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>First port of a range (<c>rtc.udp_port: "7882-7889"</c> or <c>port_range_start</c>): shard i takes start + i.</summary>
    public int? PortRangeStart { get; set; }

    /// <summary>Last port of the range, inclusive.</summary>
    public int? PortRangeEnd { get; set; }

    /// <summary>Addresses to bind (default: 0.0.0.0). Each shard opens one socket per address.</summary>
    public IList<IPAddress> BindAddresses { get; } = [];

    /// <summary>Number of shards (default: one per core).</summary>
    public int ShardCount { get; set; } = Environment.ProcessorCount;

    /// <summary>The public address advertised in host candidates (<c>rtc.node_ip</c>); null uses the bind addresses.</summary>
    public IPAddress? NodeIp { get; set; }

    /// <summary>ICE consent freshness: a session with no valid request for this long fails (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Datagrams per recvmmsg/sendmmsg call.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Largest datagram accepted (bigger ones are truncated by the kernel and dropped).</summary>
    public int MaxDatagramSize { get; set; } = 1500;

    /// <summary>Capacity of each shard's command queue (hand-offs and control commands beyond it are dropped as Overflow).</summary>
    public int CommandQueueCapacity { get; set; } = 4096;

    /// <summary>SO_RCVBUF/SO_SNDBUF in bytes (0 keeps the system default).</summary>
    public int SocketBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Use the portable Socket path even on Linux (tests exercise it; it is slower).</summary>
    public bool ForcePortableIO { get; set; }

    /// <summary>The port each shard binds, validated: exactly the configured port or range, never another.</summary>
    /// <exception cref="ArgumentException">Neither a port nor a range is set, or the range is too small for the shards.</exception>
    public IReadOnlyList<int> ResolveShardPorts()
    {
        if (ShardCount < 1) throw new ArgumentException("ShardCount must be at least 1.");
        var ports = new int[ShardCount];
        if (PortRangeStart is { } start)
        {
            var end = PortRangeEnd ?? throw new ArgumentException("PortRangeEnd is required with PortRangeStart.");
            if (start < 1 || end > 65535 || end < start) throw new ArgumentException($"Invalid port range {start}-{end}.");
            if (end - start + 1 < ShardCount)
                throw new ArgumentException($"Port range {start}-{end} has {end - start + 1} ports for {ShardCount} shards; lower ShardCount or widen the range.");
            for (var i = 0; i < ShardCount; i++) ports[i] = start + i;
            return ports;
        }
        if (Port is { } port)
        {
            if (port is < 0 or > 65535) throw new ArgumentException($"Invalid port {port}.");
            Array.Fill(ports, port);
            return ports;
        }
        throw new ArgumentException("No UDP port configured (rtc.udp_port or rtc.port_range_start/end).");
    }

    /// <summary>True when all shards share one port (SO_REUSEPORT and hand-off).</summary>
    public bool SharesOnePort => PortRangeStart is null;

    /// <summary>Parses <c>rtc.udp_port</c>: "7882" or "7882-7889".</summary>
    public static bool TryParsePortSpec(string spec, out int start, out int? end)
    {
        start = 0;
        end = null;
        if (string.IsNullOrWhiteSpace(spec)) return false;
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return int.TryParse(spec.Trim(), System.Globalization.CultureInfo.InvariantCulture, out start) && start is >= 0 and <= 65535;
        if (!int.TryParse(spec.AsSpan(0, dash).Trim(), System.Globalization.CultureInfo.InvariantCulture, out start)) return false;
        if (!int.TryParse(spec.AsSpan(dash + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var last)) return false;
        end = last;
        return start is >= 1 and <= 65535 && last >= start && last <= 65535;
    }
}
