namespace Sfu.Server.Hosting;

/// <summary>
/// Something that holds rooms and must empty them before the process exits (the signaling layer's room
/// registry). The <see cref="ShutdownCoordinator"/> asks it to drain, then waits for its rooms to empty.
/// </summary>
public interface IDrainable
{
    /// <summary>
    /// Ask every participant to leave. LiveKit clients get a leave with reason SERVER_SHUTDOWN and action
    /// RECONNECT, so they reconnect to another node behind the same address.
    /// </summary>
    void BeginDrain();

    /// <summary>Rooms that still have participants.</summary>
    int ActiveRoomCount { get; }
}
