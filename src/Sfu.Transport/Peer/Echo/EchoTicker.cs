using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;

namespace Sfu.Transport.Peer.Echo;

/// <summary>
/// Drives the echo's receiver feedback on the transport's shard: a session with no address and no ufrag whose
/// only input is its timer (as <see cref="RoomTicker"/> does for rooms). The transport's own timer belongs to
/// ICE consent, so the feedback has its own. Attached when the transport connects, closed with it.
/// </summary>
public sealed class EchoTicker : IShardSession
{
    /// <summary>Tick interval: the transport-cc feedback interval.</summary>
    public const long IntervalMs = EchoReceiverFeedback.TransportCcIntervalUs / 1000;

    private readonly EchoReceiverFeedback _feedback;
    private readonly WebRtcTransport _transport;
    private Shard? _shard;
    private bool _closed;

    public EchoTicker(EchoReceiverFeedback feedback, WebRtcTransport transport)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(transport);
        _feedback = feedback;
        _transport = transport;
    }

    /// <summary>Ticks run so far.</summary>
    public long Ticks { get; private set; }

    /// <inheritdoc />
    public void OnAttached(Shard shard, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(shard);
        _shard = shard;
        shard.ScheduleTimer(this, nowMs + IntervalMs);
    }

    /// <inheritdoc />
    public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source) { }

    /// <inheritdoc />
    public void OnTimer(long nowMs)
    {
        if (_closed)
        {
            // Closed before the shard ran the attach (AddSession is posted): leave now.
            _shard?.CloseSession(this);
            return;
        }
        Ticks++;
        if (_transport.IsConnected) _feedback.OnTick(_transport, MediaClock.NowUs);
        _shard?.ScheduleTimer(this, nowMs + IntervalMs);
    }

    /// <summary>Leaves the shard (shard thread).</summary>
    public void Close()
    {
        _closed = true;
        _shard?.CloseSession(this);
    }

    /// <inheritdoc />
    public void OnDetached(long nowMs) => _shard = null;
}
