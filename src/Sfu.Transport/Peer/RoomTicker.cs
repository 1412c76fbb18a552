using Sfu.Core.Routing;
using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;

namespace Sfu.Transport.Peer;

/// <summary>
/// Drives a room's periodic engine work on its shard: a session with no address and no ufrag whose only
/// input is its timer, calling <see cref="Room.OnTick"/> every <see cref="Room.TickIntervalMs"/>.
/// Close it with <see cref="Shard.CloseSession"/> when the room empties.
/// </summary>
public sealed class RoomTicker : IShardSession
{
    private readonly Room _room;
    private Shard? _shard;

    public RoomTicker(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        _room = room;
    }

    /// <summary>Ticks run so far.</summary>
    public long Ticks { get; private set; }

    /// <inheritdoc />
    public void OnAttached(Shard shard, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(shard);
        _shard = shard;
        shard.ScheduleTimer(this, nowMs + Room.TickIntervalMs);
    }

    /// <inheritdoc />
    public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source) { }

    /// <inheritdoc />
    public void OnTimer(long nowMs)
    {
        Ticks++;
        _room.OnTick(MediaClock.NowUs);
        _shard?.ScheduleTimer(this, nowMs + Room.TickIntervalMs);
    }

    /// <inheritdoc />
    public void OnDetached(long nowMs) => _shard = null;
}
