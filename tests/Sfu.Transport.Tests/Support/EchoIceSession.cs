using Sfu.Transport.Demux;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests;

/// <summary>An ICE-lite session that sends every validated datagram straight back (no recording, no allocation).</summary>
internal sealed class EchoIceSession(IceCredentials local) : IceLiteShardSession(local)
{
    public long Echoed;

    protected override void OnValidatedDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        Echoed++;
        Shard!.Send(datagram, source);
    }
}
