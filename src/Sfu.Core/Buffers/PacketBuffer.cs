using System.Diagnostics;

namespace Sfu.Core.Buffers;

/// <summary>
/// A pooled, reference-counted packet buffer: the owned form of a packet (as opposed to the
/// <c>RtpPacketView</c>, which only borrows bytes). The ingress path rents one, the retransmission cache
/// keeps a reference while the packet may still be NACKed, and whoever releases last returns it to its pool.
/// </summary>
/// <remarks>
/// Only the shard thread that owns the room touches a buffer, so the count is a plain <c>int</c> (no
/// <c>Interlocked</c>). A release below zero is a broken invariant (a double return that would hand the
/// same memory to two owners); it asserts in debug builds and throws in every build, because silently
/// sharing a buffer would corrupt another subscriber's packet.
/// </remarks>
public sealed class PacketBuffer
{
    /// <summary>Largest datagram the buffer holds, plus room for an SRTP tag and an RTX header.</summary>
    public const int DefaultCapacity = 1600;

    private readonly PacketBufferPool? _pool;
    private int _refCount;

    internal PacketBuffer(PacketBufferPool? pool, int capacity)
    {
        _pool = pool;
        Data = new byte[capacity];
    }

    /// <summary>The whole backing array (capacity).</summary>
    public byte[] Data { get; }

    /// <summary>Bytes in use.</summary>
    public int Length { get; set; }

    /// <summary>Arrival (or creation) time in microseconds, set by the ingress path.</summary>
    public long TimeUs { get; set; }

    /// <summary>The packet bytes in use.</summary>
    public Span<byte> Span => Data.AsSpan(0, Length);

    /// <summary>Current number of owners (0 while in the pool).</summary>
    public int RefCount => _refCount;

    /// <summary>A detached buffer (no pool), for tests and one-off uses; release does nothing to any pool.</summary>
    public static PacketBuffer CreateUnpooled(int capacity = DefaultCapacity)
    {
        var b = new PacketBuffer(null, capacity);
        b._refCount = 1;
        return b;
    }

    internal void OnRent()
    {
        Debug.Assert(_refCount == 0, "renting a buffer that is still owned");
        _refCount = 1;
        Length = 0;
        TimeUs = 0;
    }

    /// <summary>Adds an owner (e.g. the retransmission cache).</summary>
    public void AddRef()
    {
        if (_refCount <= 0) ThrowReleased();
        _refCount++;
    }

    /// <summary>Drops one owner; the last one returns the buffer to its pool.</summary>
    public void Release()
    {
        if (_refCount <= 0) ThrowReleased();
        if (--_refCount == 0) _pool?.Return(this);
    }

    private static void ThrowReleased()
    {
        Debug.Fail("PacketBuffer released more often than referenced");
        throw new InvalidOperationException("PacketBuffer released more often than referenced (double release).");
    }
}
