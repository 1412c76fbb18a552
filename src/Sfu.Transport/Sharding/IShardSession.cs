using Sfu.Transport.Demux;

namespace Sfu.Transport.Sharding;

/// <summary>
/// What a shard drives: one peer's transport (ICE, DTLS, SRTP, media). Every call comes on the owning
/// shard's thread, so an implementation needs no lock. The session answers through its <see cref="Shard"/>
/// (send, schedule a timer, bind an address) during these calls.
/// </summary>
/// <remarks>
/// Sans-IO contract: the <c>nowMs</c> argument is the shard's monotonic millisecond clock; a session reads
/// no clock of its own. A session that throws is closed (architecture.md, Errors) and the shard goes on.
/// </remarks>
public interface IShardSession
{
    /// <summary>Added to <paramref name="shard"/> (on its thread); keep the reference to send and schedule.</summary>
    void OnAttached(Shard shard, long nowMs);

    /// <summary>
    /// A datagram for this session: a STUN request whose USERNAME carried one of the session's ufrags, or
    /// anything from an address the session bound. <paramref name="datagram"/> is valid only during the call.
    /// </summary>
    void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source);

    /// <summary>The timer the session scheduled with <see cref="Shard.ScheduleTimer"/> is due.</summary>
    void OnTimer(long nowMs);

    /// <summary>Removed from the shard (closed by itself, by a fault, or at shutdown). No more calls follow.</summary>
    void OnDetached(long nowMs);
}
