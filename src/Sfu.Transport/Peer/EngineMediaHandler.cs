using Sfu.Core.Routing;

namespace Sfu.Transport.Peer;

/// <summary>
/// Hands a participant's decrypted media to the forwarding engine: RTP and RTCP from either of its peer
/// connections go to <see cref="Room.OnRtp(Participant, ReadOnlySpan{byte}, long)"/> and
/// <see cref="Room.OnRtcp"/> with the shard clock in microseconds. Connection and close are reported to
/// the owner (signaling) through the callbacks, on the shard thread.
/// </summary>
public sealed class EngineMediaHandler : IPeerMediaHandler
{
    private readonly Room _room;
    private readonly Participant _participant;
    private readonly Action<WebRtcTransport, bool>? _stateChanged;

    /// <summary>A handler feeding <paramref name="participant"/> of <paramref name="room"/>; <paramref name="stateChanged"/> gets (transport, connected).</summary>
    public EngineMediaHandler(Room room, Participant participant, Action<WebRtcTransport, bool>? stateChanged = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(participant);
        _room = room;
        _participant = participant;
        _stateChanged = stateChanged;
    }

    /// <inheritdoc />
    public void OnConnected(WebRtcTransport transport, long nowMs) => _stateChanged?.Invoke(transport, true);

    /// <inheritdoc />
    public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet)
    {
        if (!_participant.IsConnected) return;
        var reason = _room.OnRtp(_participant, packet, MediaClock.NowUs);
        if (reason != Sfu.Core.Diagnostics.PacketDropReason.None) transport?.Shard?.Drop(reason);
    }

    /// <inheritdoc />
    public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet)
    {
        if (!_participant.IsConnected) return;
        _room.OnRtcp(_participant, packet, MediaClock.NowUs);
    }

    /// <inheritdoc />
    public void OnClosed(WebRtcTransport transport, long nowMs) => _stateChanged?.Invoke(transport, false);
}
