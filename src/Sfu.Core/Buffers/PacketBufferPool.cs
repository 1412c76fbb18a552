namespace Sfu.Core.Buffers;

/// <summary>
/// A single-thread pool of <see cref="PacketBuffer"/>s (one per shard). Renting never allocates once the pool
/// has grown to the working set; <see cref="Outstanding"/> lets tests prove every buffer came back.
/// </summary>
/// <remarks>No locking: a pool belongs to one shard thread, like the rooms that use it (docs/architecture.md).</remarks>
public sealed class PacketBufferPool
{
    private readonly Stack<PacketBuffer> _free = new();
    private readonly int _capacity;

    /// <summary>A pool of buffers of <paramref name="capacity"/> bytes, <paramref name="preallocate"/> created up front.</summary>
    public PacketBufferPool(int capacity = PacketBuffer.DefaultCapacity, int preallocate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 64);
        _capacity = capacity;
        for (var i = 0; i < preallocate; i++) _free.Push(new PacketBuffer(this, capacity));
        Created = preallocate;
    }

    /// <summary>Buffer size.</summary>
    public int Capacity => _capacity;

    /// <summary>Buffers ever created by this pool.</summary>
    public int Created { get; private set; }

    /// <summary>Buffers rented and not yet returned.</summary>
    public int Outstanding => Created - _free.Count;

    /// <summary>A buffer with one owner (the caller) and length 0.</summary>
    public PacketBuffer Rent()
    {
        if (!_free.TryPop(out var buffer))
        {
            buffer = new PacketBuffer(this, _capacity);
            Created++;
        }
        buffer.OnRent();
        return buffer;
    }

    /// <summary>A buffer holding a copy of <paramref name="packet"/>.</summary>
    public PacketBuffer Rent(ReadOnlySpan<byte> packet, long timeUs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packet.Length, _capacity);
        var b = Rent();
        packet.CopyTo(b.Data);
        b.Length = packet.Length;
        b.TimeUs = timeUs;
        return b;
    }

    internal void Return(PacketBuffer buffer) => _free.Push(buffer);
}
