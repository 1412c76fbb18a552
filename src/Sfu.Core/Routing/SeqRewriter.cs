namespace Sfu.Core.Routing;

/// <summary>
/// Maps a published stream's (extended) sequence numbers onto a down-track's own contiguous sequence space.
/// </summary>
/// <remarks>
/// mediasoup SeqManager semantics (doc/Consumer.md): <see cref="Sync"/> makes the next forwarded input follow
/// the last output (stream switch, publisher restart, resume); <see cref="Drop"/> removes an input from the
/// output space (padding, paused, waiting for a key frame) so later outputs close ranks and the subscriber
/// sees no gap. A gap in the input (loss, reordering) keeps its outputs reserved, because the packets may
/// still come (late or retransmitted); if such an input is finally dropped or abandoned, <see cref="Drop"/>
/// returns <see cref="SeqResult.FillHole"/> with the reserved number so the caller can fill it rather than
/// leave a hole the subscriber would NACK forever. A ring of the last <see cref="Window"/> inputs remembers
/// each one's offset and state, so late packets map exactly as they would have in order.
/// Worked example: docs/rtp-rewriting.md.
/// </remarks>
public sealed class SeqRewriter
{
    /// <summary>How far back (in input sequence numbers) a late packet can still be mapped.</summary>
    public const int Window = 1024;

    private const byte StateNone = 0;
    private const byte StateHole = 1;
    private const byte StateSent = 2;
    private const byte StateDropped = 3;

    // One struct per slot: a late lookup touches one cache line, not three (1000 down-tracks per room).
    private readonly Slot[] _slots = new Slot[Window];
    private long _offset;
    private long _maxInput;
    private long _minInput;
    private long _lastOutput;
    private bool _started;
    private bool _syncPending = true;

    /// <summary>A rewriter whose first output is <paramref name="firstOutput"/>.</summary>
    public SeqRewriter(ushort firstOutput) => _lastOutput = firstOutput - 1L;

    /// <summary>The last output sequence number assigned (unwrapped).</summary>
    public long LastOutput => _lastOutput;

    /// <summary>The highest input seen since the last sync.</summary>
    public long MaxInput => _maxInput;

    /// <summary>The next forwarded input continues the output space (stream switch, restart, resume).</summary>
    public void Sync() => _syncPending = true;

    /// <summary>Maps <paramref name="input"/>, which is going to be sent.</summary>
    public SeqResult Forward(long input, out ushort output)
    {
        output = 0;
        if (_syncPending)
        {
            _syncPending = false;
            _started = true;
            _offset = input - (_lastOutput + 1);
            _maxInput = input - 1;
            _minInput = input;
        }
        if (input > _maxInput)
        {
            ReserveGap(input);
            Set(input, _offset, StateSent);
            _maxInput = input;
            var o = input - _offset;
            if (o > _lastOutput) _lastOutput = o;
            output = (ushort)o;
            return SeqResult.Mapped;
        }
        ref var slot = ref _slots[Index(input)];
        if (input < _minInput || _maxInput - input >= Window || slot.Input != input || slot.State != StateHole) return SeqResult.Reject;
        slot.State = StateSent;
        output = (ushort)(input - slot.Offset);
        return SeqResult.Mapped;
    }

    /// <summary>Removes <paramref name="input"/> from the output (filtered, or abandoned upstream).</summary>
    public SeqResult Drop(long input, out ushort holeOutput)
    {
        holeOutput = 0;
        if (_syncPending || !_started) return SeqResult.Reject;
        if (input > _maxInput)
        {
            ReserveGap(input);
            Set(input, _offset, StateDropped);
            _offset++;
            _maxInput = input;
            return SeqResult.Reject;
        }
        ref var slot = ref _slots[Index(input)];
        if (input < _minInput || _maxInput - input >= Window || slot.Input != input || slot.State != StateHole) return SeqResult.Reject;
        slot.State = StateSent;
        holeOutput = (ushort)(input - slot.Offset);
        return SeqResult.FillHole;
    }

    private void ReserveGap(long input)
    {
        for (var s = Math.Max(_maxInput + 1, input - Window + 1); s < input; s++) Set(s, _offset, StateHole);
    }

    private void Set(long input, long offset, byte state)
    {
        ref var slot = ref _slots[Index(input)];
        slot.Input = input;
        slot.Offset = offset;
        slot.State = state;
    }

    /// <summary>Prefetch hint for <see cref="Forward"/> of <paramref name="input"/>: the slot it will write (see <see cref="Buffers.CachePrefetch"/>).</summary>
    internal void PrefetchSlot(long input) => Buffers.CachePrefetch.Element(_slots, Index(input));

    private static int Index(long input) => (int)(input & (Window - 1));

    private struct Slot
    {
        public long Input;
        public long Offset;
        public byte State;
    }
}
