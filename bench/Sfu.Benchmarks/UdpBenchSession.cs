using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;

namespace Sfu.Benchmarks;

/// <summary>A session that only counts what the shard hands it (the benchmarks measure the plumbing, not a protocol).</summary>
internal sealed class UdpBenchSession : IShardSession
{
    public long Datagrams;
    public long Bytes;

    public void OnAttached(Shard shard, long nowMs) { }

    public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        Datagrams++;
        Bytes += datagram.Length;
    }

    public void OnTimer(long nowMs) { }

    public void OnDetached(long nowMs) { }
}
