using System.Runtime.CompilerServices;

namespace Sfu.Transport.Sharding;

/// <summary>
/// A bounded, lock-free queue for many producers and one consumer: how other threads (signaling, other
/// shards handing over a datagram) talk to a shard. Fixed capacity, so a flood cannot grow memory; a full
/// queue refuses the item and the caller counts the drop.
/// </summary>
/// <remarks>
/// The algorithm is Dmitry Vyukov's bounded queue: each cell carries a sequence number that says whether it
/// is free for the producer holding ticket <c>n</c> (sequence == n) or filled for the consumer
/// (sequence == n + 1). Producers claim tickets with one compare-exchange; the single consumer needs none.
/// The sequence is published with a release write after the item is stored and read with an acquire read
/// before the item is loaded, so a consumer never sees a half-written item.
/// </remarks>
public sealed class MpscQueue<T>
{
    private readonly Cell[] _cells;
    private readonly int _mask;
    private PaddedLong _enqueuePosition;
    private long _dequeuePosition; // touched by the single consumer only

    /// <summary>Creates a queue holding up to <paramref name="capacity"/> items (rounded up to a power of two).</summary>
    public MpscQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _cells = new Cell[size];
        for (var i = 0; i < size; i++) _cells[i].Sequence = i;
        _mask = size - 1;
    }

    /// <summary>Maximum number of queued items.</summary>
    public int Capacity => _cells.Length;

    /// <summary>Approximate count (exact when no producer is mid-enqueue).</summary>
    public int Count => (int)Math.Max(0, Volatile.Read(ref _enqueuePosition.Value) - Volatile.Read(ref _dequeuePosition));

    /// <summary>Adds an item from any thread. False when the queue is full.</summary>
    public bool TryEnqueue(T item)
    {
        var position = Volatile.Read(ref _enqueuePosition.Value);
        while (true)
        {
            ref var cell = ref _cells[position & _mask];
            var sequence = Volatile.Read(ref cell.Sequence);
            var diff = sequence - position;
            if (diff == 0)
            {
                var seen = Interlocked.CompareExchange(ref _enqueuePosition.Value, position + 1, position);
                if (seen == position)
                {
                    cell.Item = item;
                    Volatile.Write(ref cell.Sequence, position + 1);
                    return true;
                }
                position = seen;
            }
            else if (diff < 0)
            {
                return false; // the consumer has not freed this cell yet: full
            }
            else
            {
                position = Volatile.Read(ref _enqueuePosition.Value);
            }
        }
    }

    /// <summary>Takes the oldest item. Only the owning (consumer) thread may call this.</summary>
    public bool TryDequeue(out T item)
    {
        var position = _dequeuePosition;
        ref var cell = ref _cells[position & _mask];
        if (Volatile.Read(ref cell.Sequence) != position + 1)
        {
            item = default!;
            return false;
        }
        item = cell.Item;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) cell.Item = default!;
        _dequeuePosition = position + 1;
        Volatile.Write(ref cell.Sequence, position + _cells.Length);
        return true;
    }

    private struct Cell
    {
        public long Sequence;
        public T Item;
    }
}
