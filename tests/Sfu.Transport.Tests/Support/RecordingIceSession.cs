using System.Collections.Concurrent;
using Sfu.Transport.Demux;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests;

/// <summary>An ICE-lite session that records what reaches it past ICE (and optionally echoes it).</summary>
internal sealed class RecordingIceSession(IceCredentials local, bool echo = false, TimeSpan? consentTimeout = null)
    : IceLiteShardSession(local, consentTimeout)
{
    public ConcurrentQueue<(DatagramKind Kind, byte[] Data)> Received { get; } = new();

    public int Detached;

    protected override void OnValidatedDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        Received.Enqueue((kind, datagram.ToArray()));
        if (echo) Shard!.Send(datagram, source);
    }

    public override void OnDetached(long nowMs)
    {
        Interlocked.Increment(ref Detached);
        base.OnDetached(nowMs);
    }
}
