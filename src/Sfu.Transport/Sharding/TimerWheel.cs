namespace Sfu.Transport.Sharding;

/// <summary>
/// A hashed timer wheel with millisecond ticks: the shard's clock for every session timer (ICE consent,
/// DTLS retransmission, RTCP, NACK). Scheduling and cancelling are O(1) and allocate nothing once the node
/// pool has grown to the number of live timers.
/// </summary>
/// <remarks>
/// Varghese and Lauck, "Hashed and Hierarchical Timing Wheels" (scheme 6): a timer due at tick t lives in
/// slot t mod N with the full due time stored, so a timer further away than one turn simply stays in its
/// slot until its turn comes. <see cref="Advance"/> visits each slot between the last tick and now once;
/// if more than one turn passed it visits every slot once. Due timers are moved to an expired list that
/// the caller drains with <see cref="TryDequeueExpired"/> (no delegate per timer).
/// Single-threaded: only the owning shard touches it.
/// </remarks>
public sealed class TimerWheel<T> where T : class
{
    private const int None = -1;

    private readonly int[] _slotHeads;
    private readonly int _slotMask;
    private Node[] _nodes;
    private int _freeHead = None;
    private int _nodeCount;
    private int _expiredHead = None;
    private int _expiredTail = None;
    private long _currentTick;
    private int _count;

    /// <summary>Creates a wheel of <paramref name="slots"/> one-millisecond slots (rounded up to a power of two) starting at <paramref name="nowMs"/>.</summary>
    public TimerWheel(long nowMs, int slots = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 2);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots);
        _slotHeads = new int[size];
        Array.Fill(_slotHeads, None);
        _slotMask = size - 1;
        _nodes = new Node[64];
        _currentTick = nowMs;
    }

    /// <summary>Timers scheduled and not yet fired or cancelled (expired ones not yet dequeued included).</summary>
    public int Count => _count;

    /// <summary>The wheel's current time (the last <see cref="Advance"/> argument).</summary>
    public long NowMs => _currentTick;

    /// <summary>Schedules <paramref name="item"/> at <paramref name="dueMs"/> (a past time fires on the next advance). Returns a handle for <see cref="Cancel"/>.</summary>
    public TimerHandle Schedule(T item, long dueMs)
    {
        ArgumentNullException.ThrowIfNull(item);
        var index = AllocateNode();
        ref var node = ref _nodes[index];
        node.Item = item;
        node.DueMs = Math.Max(dueMs, _currentTick + 1);
        node.Generation++;
        node.Live = true;
        var slot = (int)(node.DueMs & _slotMask);
        node.Slot = slot;
        Link(ref _slotHeads[slot], index);
        _count++;
        return new TimerHandle(index, node.Generation);
    }

    /// <summary>Cancels a timer. False if it already fired, was cancelled, or the handle is stale.</summary>
    public bool Cancel(TimerHandle handle)
    {
        if (!handle.IsValid || handle.Index >= _nodeCount) return false;
        ref var node = ref _nodes[handle.Index];
        if (!node.Live || node.Generation != handle.Generation) return false;
        if (node.Slot == None) UnlinkExpired(handle.Index);
        else Unlink(ref _slotHeads[node.Slot], handle.Index);
        Free(handle.Index);
        _count--;
        return true;
    }

    /// <summary>Moves the clock to <paramref name="nowMs"/> and collects every timer due at or before it. Returns how many expired.</summary>
    public int Advance(long nowMs)
    {
        if (nowMs <= _currentTick) return 0;
        var expired = 0;
        var ticks = nowMs - _currentTick;
        var visits = ticks > _slotHeads.Length ? _slotHeads.Length : (int)ticks;
        for (var i = 1; i <= visits; i++)
        {
            var slot = (int)((_currentTick + i) & _slotMask);
            var index = _slotHeads[slot];
            while (index != None)
            {
                var next = _nodes[index].Next;
                if (_nodes[index].DueMs <= nowMs)
                {
                    Unlink(ref _slotHeads[slot], index);
                    AppendExpired(index);
                    expired++;
                }
                index = next;
            }
        }
        _currentTick = nowMs;
        return expired;
    }

    /// <summary>Takes one expired timer's item (in expiry order within a slot).</summary>
    public bool TryDequeueExpired(out T item)
    {
        var index = _expiredHead;
        if (index == None)
        {
            item = null!;
            return false;
        }
        UnlinkExpired(index);
        item = _nodes[index].Item!;
        Free(index);
        _count--;
        return true;
    }

    /// <summary>
    /// The earliest due time, looking at most one turn ahead; <see cref="long.MaxValue"/> when no timer is
    /// pending. A timer more than one turn away reports the end of this turn, which is early but never late.
    /// </summary>
    public long NextDueMs()
    {
        if (_expiredHead != None) return _currentTick;
        if (_count == 0) return long.MaxValue;
        for (var i = 1; i <= _slotHeads.Length; i++)
        {
            var index = _slotHeads[(int)((_currentTick + i) & _slotMask)];
            var earliest = long.MaxValue;
            while (index != None)
            {
                earliest = Math.Min(earliest, _nodes[index].DueMs);
                index = _nodes[index].Next;
            }
            if (earliest <= _currentTick + i) return earliest;
            if (earliest != long.MaxValue && earliest <= _currentTick + _slotHeads.Length) return earliest;
        }
        return _currentTick + _slotHeads.Length;
    }

    private int AllocateNode()
    {
        if (_freeHead != None)
        {
            var index = _freeHead;
            _freeHead = _nodes[index].Next;
            return index;
        }
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        _nodes[_nodeCount].Generation = 0;
        return _nodeCount++;
    }

    private void Free(int index)
    {
        ref var node = ref _nodes[index];
        node.Item = null;
        node.Live = false;
        node.Slot = None;
        node.Prev = None;
        node.Next = _freeHead;
        _freeHead = index;
    }

    private void Link(ref int head, int index)
    {
        ref var node = ref _nodes[index];
        node.Prev = None;
        node.Next = head;
        if (head != None) _nodes[head].Prev = index;
        head = index;
    }

    private void Unlink(ref int head, int index)
    {
        ref var node = ref _nodes[index];
        if (node.Prev != None) _nodes[node.Prev].Next = node.Next;
        else head = node.Next;
        if (node.Next != None) _nodes[node.Next].Prev = node.Prev;
        node.Prev = None;
        node.Next = None;
    }

    private void AppendExpired(int index)
    {
        ref var node = ref _nodes[index];
        node.Slot = None;
        node.Next = None;
        node.Prev = _expiredTail;
        if (_expiredTail != None) _nodes[_expiredTail].Next = index;
        else _expiredHead = index;
        _expiredTail = index;
    }

    private void UnlinkExpired(int index)
    {
        ref var node = ref _nodes[index];
        if (node.Prev != None) _nodes[node.Prev].Next = node.Next;
        else _expiredHead = node.Next;
        if (node.Next != None) _nodes[node.Next].Prev = node.Prev;
        else _expiredTail = node.Prev;
        node.Prev = None;
        node.Next = None;
    }

    private struct Node
    {
        public T? Item;
        public long DueMs;
        public int Next;
        public int Prev;
        public int Slot;
        public int Generation;
        public bool Live;
    }
}
