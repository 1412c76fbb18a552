using Sfu.Server.Hosting;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Media;

/// <summary>The LiveKit room registry as the shutdown coordinator drains it: leave {SERVER_SHUTDOWN, RECONNECT} to everyone.</summary>
public sealed class RoomRegistryDrainable : IDrainable
{
    private readonly RtcRoomRegistry _rooms;

    public RoomRegistryDrainable(RtcRoomRegistry rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        _rooms = rooms;
    }

    /// <inheritdoc />
    public void BeginDrain() => _rooms.BeginDrain();

    /// <inheritdoc />
    public int ActiveRoomCount => _rooms.ActiveRoomCount;
}
