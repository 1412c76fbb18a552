using Sfu.Core.Diagnostics;
using Sfu.Core.Sctp;

namespace Sfu.Transport.Diagnostics;

/// <summary>
/// Per-shard packet counters. Only the shard thread writes them, as plain increments (no Interlocked per
/// packet); other threads (the metrics callbacks, tests) read them with <see cref="Volatile"/> reads. A
/// 64-bit read of a field one writer updates is never torn on the 64-bit platforms .NET 10 runs on, and a
/// reader being a few packets behind is fine for counters.
/// </summary>
public sealed class ShardCounters
{
    private static readonly int s_reasonCount = Enum.GetValues<PacketDropReason>().Length;
    private readonly long[] _drops = new long[s_reasonCount];
    private readonly long[] _sctpDrops = new long[Enum.GetValues<SctpDropReason>().Length];
    private long _packetsIn;
    private long _bytesIn;
    private long _packetsOut;
    private long _bytesOut;
    private long _handoffsOut;
    private long _handoffsIn;
    private long _sessions;
    private long _loopIterations;

    /// <summary>Datagrams received from the socket (before any drop).</summary>
    public long PacketsIn => Volatile.Read(ref _packetsIn);
    /// <summary>Bytes received.</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);
    /// <summary>Datagrams the kernel accepted for sending.</summary>
    public long PacketsOut => Volatile.Read(ref _packetsOut);
    /// <summary>Bytes sent.</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);
    /// <summary>Datagrams this shard received but handed to the owning shard.</summary>
    public long HandoffsOut => Volatile.Read(ref _handoffsOut);
    /// <summary>Datagrams another shard handed to this one.</summary>
    public long HandoffsIn => Volatile.Read(ref _handoffsIn);
    /// <summary>Sessions the shard currently owns.</summary>
    public long Sessions => Volatile.Read(ref _sessions);
    /// <summary>Event-loop iterations (a wake-up measure: an idle shard should barely move it).</summary>
    public long LoopIterations => Volatile.Read(ref _loopIterations);

    /// <summary>Drops counted for one reason.</summary>
    public long Drops(PacketDropReason reason) => (uint)reason < (uint)_drops.Length ? Volatile.Read(ref _drops[(int)reason]) : 0;

    /// <summary>Sum of all drops.</summary>
    public long TotalDrops
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _drops.Length; i++) total += Volatile.Read(ref _drops[i]);
            return total;
        }
    }

    internal void Received(int bytes)
    {
        _packetsIn++;
        _bytesIn += bytes;
    }

    internal void Sent(int bytes)
    {
        _packetsOut++;
        _bytesOut += bytes;
    }

    /// <summary>Counts a drop. Called on the shard thread (sessions call it through their shard).</summary>
    public void Drop(PacketDropReason reason)
    {
        if ((uint)reason < (uint)_drops.Length) _drops[(int)reason]++;
    }

    /// <summary>SCTP packets, chunks and messages dropped by the shard's associations, for one reason (docs/sctp.md).</summary>
    public long SctpDrops(SctpDropReason reason) => (uint)reason < (uint)_sctpDrops.Length ? Volatile.Read(ref _sctpDrops[(int)reason]) : 0;

    /// <summary>Adds <paramref name="count"/> SCTP drops of <paramref name="reason"/> (shard thread).</summary>
    public void SctpDrop(SctpDropReason reason, long count)
    {
        if ((uint)reason < (uint)_sctpDrops.Length) _sctpDrops[(int)reason] += count;
    }

    internal void HandedOff() => _handoffsOut++;
    internal void HandedIn() => _handoffsIn++;
    internal void SessionAdded() => _sessions++;
    internal void SessionRemoved() => _sessions--;
    internal void LoopIteration() => _loopIterations++;
}
