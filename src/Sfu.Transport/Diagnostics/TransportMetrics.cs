using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sfu.Core.Diagnostics;
using Sfu.Core.Sctp;

namespace Sfu.Transport.Diagnostics;

/// <summary>
/// Publishes the shards' counters through the <c>Sfu.Transport</c> <see cref="Meter"/>. The counters are
/// observable: the shard keeps plain longs and a listener's collection reads them, so the packet path
/// pays nothing for metrics.
/// </summary>
public sealed class TransportMetrics : IDisposable
{
    /// <summary>The meter name (what a MeterListener or the Prometheus exporter subscribes to).</summary>
    public const string MeterName = "Sfu.Transport";

    private static readonly PacketDropReason[] s_reasons = Enum.GetValues<PacketDropReason>();
    private static readonly SctpDropReason[] s_sctpReasons = Enum.GetValues<SctpDropReason>();
    private readonly Meter _meter;
    private readonly IReadOnlyList<ShardCounters> _shards;
    private readonly string[] _shardLabels;

    /// <summary>Registers the instruments for <paramref name="shards"/> (index = shard number).</summary>
    public TransportMetrics(IReadOnlyList<ShardCounters> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        _shards = shards;
        _shardLabels = new string[shards.Count];
        for (var i = 0; i < shards.Count; i++) _shardLabels[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _meter = new Meter(MeterName);
        _meter.CreateObservableCounter("sfu.transport.packets.received", () => PerShard(static c => c.PacketsIn), "{packet}", "UDP datagrams received");
        _meter.CreateObservableCounter("sfu.transport.bytes.received", () => PerShard(static c => c.BytesIn), "By", "UDP payload bytes received");
        _meter.CreateObservableCounter("sfu.transport.packets.sent", () => PerShard(static c => c.PacketsOut), "{packet}", "UDP datagrams sent");
        _meter.CreateObservableCounter("sfu.transport.bytes.sent", () => PerShard(static c => c.BytesOut), "By", "UDP payload bytes sent");
        _meter.CreateObservableCounter("sfu.transport.handoffs", () => PerShard(static c => c.HandoffsOut), "{packet}", "Datagrams handed to the shard owning their session");
        _meter.CreateObservableCounter("sfu.transport.drops", Drops, "{packet}", "Datagrams dropped, by reason");
        _meter.CreateObservableCounter("sfu.transport.sctp.drops", SctpDrops, "{item}", "SCTP packets, chunks or messages dropped, by reason (docs/sctp.md)");
        _meter.CreateObservableUpDownCounter("sfu.transport.sessions", () => PerShard(static c => c.Sessions), "{session}", "Sessions owned by each shard");
        _meter.CreateObservableCounter("sfu.transport.loop.iterations", () => PerShard(static c => c.LoopIterations), "{iteration}", "Shard event-loop wake-ups");
    }

    private IEnumerable<Measurement<long>> PerShard(Func<ShardCounters, long> read)
    {
        for (var i = 0; i < _shards.Count; i++)
            yield return new Measurement<long>(read(_shards[i]), new KeyValuePair<string, object?>("shard", _shardLabels[i]));
    }

    private IEnumerable<Measurement<long>> Drops()
    {
        for (var i = 0; i < _shards.Count; i++)
        {
            foreach (var reason in s_reasons)
            {
                if (reason == PacketDropReason.None) continue;
                var value = _shards[i].Drops(reason);
                if (value == 0) continue;
                var tags = new TagList { { "shard", _shardLabels[i] }, { "reason", reason.ToString() } };
                yield return new Measurement<long>(value, tags);
            }
        }
    }

    private IEnumerable<Measurement<long>> SctpDrops()
    {
        for (var i = 0; i < _shards.Count; i++)
        {
            foreach (var reason in s_sctpReasons)
            {
                if (reason == SctpDropReason.None) continue;
                var value = _shards[i].SctpDrops(reason);
                if (value == 0) continue;
                var tags = new TagList { { "shard", _shardLabels[i] }, { "reason", reason.ToString() } };
                yield return new Measurement<long>(value, tags);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
