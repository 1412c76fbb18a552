namespace Sfu.Core.Sctp;

/// <summary>
/// The receive side of an association: which TSNs arrived (cumulative TSN plus a bitmap of at most
/// <see cref="SctpOptions.TsnWindow"/> TSNs ahead of it, for SACK gap blocks), fragment reassembly (RFC 9260
/// section 6.9: the fragments of one message have consecutive TSNs, B on the first and E on the last), ordered
/// delivery per stream by SSN (section 6.6) and FORWARD TSN (RFC 3758 section 3.6). Bounded in bytes and in
/// chunks; what does not fit is dropped unacknowledged, so the peer retransmits it later.
/// </summary>
internal sealed class SctpReceiveBuffer
{
    private const int MaxDuplicates = 16;
    private const int MaxGapBlocks = 64;

    private readonly SctpOptions _options;
    private readonly bool[] _received;
    private readonly Dictionary<uint, Fragment> _fragments = new();
    private readonly Dictionary<ushort, InStream> _streams = new();
    private readonly Queue<SctpMessage> _delivered = new();
    private readonly uint[] _duplicates = new uint[MaxDuplicates];
    private int _duplicateCount;
    private uint _highest;
    private int _bufferedBytes;

    private sealed class Fragment(ushort stream, ushort ssn, uint ppid, byte flags, byte[] data)
    {
        public readonly ushort Stream = stream;
        public readonly ushort Ssn = ssn;
        public readonly uint Ppid = ppid;
        public readonly byte Flags = flags;
        public readonly byte[] Data = data;
        public bool Begin => (Flags & SctpDataChunk.FlagBeginning) != 0;
        public bool End => (Flags & SctpDataChunk.FlagEnd) != 0;
        public bool Unordered => (Flags & SctpDataChunk.FlagUnordered) != 0;
    }

    private sealed class InStream
    {
        public ushort NextSsn;
        public readonly Dictionary<ushort, SctpMessage> Pending = new();
    }

    public SctpReceiveBuffer(SctpOptions options, uint peerInitialTsn)
    {
        _options = options;
        _received = new bool[options.TsnWindow];
        CumulativeTsn = peerInitialTsn - 1;
        _highest = CumulativeTsn;
    }

    public uint CumulativeTsn { get; private set; }

    /// <summary>A SACK should go out (new DATA, a duplicate, or a FORWARD TSN).</summary>
    public bool SackDue { get; set; }

    public int BufferedBytes => _bufferedBytes;

    /// <summary>Our advertised window: the byte budget left.</summary>
    public uint Window => (uint)Math.Max(0, _options.ReceiveWindow - _bufferedBytes);

    public int DeliveredCount => _delivered.Count;

    public bool TryDequeue(out SctpMessage message) => _delivered.TryDequeue(out message);

    /// <summary>Takes one DATA chunk; returns the drop reason, or None when accepted (or a duplicate, acked again).</summary>
    public SctpDropReason OnData(in SctpDataChunk data)
    {
        SackDue = true;
        var tsn = data.Tsn;
        if (SctpSerial.Gt(tsn, CumulativeTsn) && tsn - CumulativeTsn >= (uint)_options.TsnWindow) return SctpDropReason.TsnOutOfWindow;
        if (SctpSerial.Le(tsn, CumulativeTsn) || IsReceived(tsn))
        {
            if (_duplicateCount < MaxDuplicates) _duplicates[_duplicateCount++] = tsn;
            return SctpDropReason.DuplicateData;
        }
        // The chunk right after the cumulative TSN is always taken (up to one message more) so that a full
        // buffer of out-of-order fragments can never deadlock the association.
        var next = tsn == CumulativeTsn + 1;
        var hardLimit = _options.ReceiveWindow + (next ? _options.MaxMessageSize : 0);
        if (_bufferedBytes + data.UserData.Length > hardLimit || (_fragments.Count >= _options.MaxReceiveChunks && !next))
            return SctpDropReason.ReceiveBufferFull;

        MarkReceived(tsn);
        var fragment = new Fragment(data.StreamId, data.Ssn, data.Ppid, data.Flags, data.UserData.ToArray());
        _fragments[tsn] = fragment;
        _bufferedBytes += fragment.Data.Length;
        return TryAssemble(tsn, fragment);
    }

    private bool IsReceived(uint tsn) => _received[tsn % (uint)_received.Length];

    private void MarkReceived(uint tsn)
    {
        _received[tsn % (uint)_received.Length] = true;
        if (SctpSerial.Gt(tsn, _highest)) _highest = tsn;
        Advance();
    }

    private void Advance()
    {
        while (_received[(CumulativeTsn + 1) % (uint)_received.Length] && SctpSerial.Le(CumulativeTsn + 1, _highest))
        {
            CumulativeTsn++;
            _received[CumulativeTsn % (uint)_received.Length] = false;
        }
    }

    private static bool SameMessage(Fragment a, Fragment b) =>
        a.Stream == b.Stream && a.Unordered == b.Unordered && (a.Unordered || a.Ssn == b.Ssn);

    /// <summary>Looks for the complete message around <paramref name="tsn"/> and hands it on.</summary>
    private SctpDropReason TryAssemble(uint tsn, Fragment fragment)
    {
        var first = tsn;
        var f = fragment;
        var count = 1;
        long size = f.Data.Length;
        while (!f.Begin)
        {
            if (!_fragments.TryGetValue(first - 1, out var prev) || !SameMessage(prev, fragment) || prev.End) return SctpDropReason.None;
            first--;
            f = prev;
            count++;
            size += f.Data.Length;
        }
        var last = tsn;
        f = fragment;
        while (!f.End)
        {
            if (!_fragments.TryGetValue(last + 1, out var nextFragment) || !SameMessage(nextFragment, fragment) || nextFragment.Begin) return SctpDropReason.None;
            last++;
            f = nextFragment;
            count++;
            size += f.Data.Length;
        }

        var tooLarge = size > _options.MaxMessageSize;
        var payload = tooLarge ? [] : new byte[size];
        var at = 0;
        for (var t = first; count > 0; t++, count--)
        {
            var part = _fragments[t];
            _fragments.Remove(t);
            _bufferedBytes -= part.Data.Length;
            if (!tooLarge)
            {
                part.Data.CopyTo(payload, at);
                at += part.Data.Length;
            }
        }
        if (fragment.Unordered)
        {
            if (tooLarge) return SctpDropReason.MessageTooLarge;
            return Deliver(new SctpMessage(fragment.Stream, fragment.Ppid, payload, Unordered: true));
        }
        var stream = StreamFor(fragment.Stream);
        if (SctpSerial.Lt(fragment.Ssn, stream.NextSsn)) return SctpDropReason.DuplicateData;
        // A too-large ordered message still takes its SSN slot (empty and never delivered) so the stream moves on.
        stream.Pending[fragment.Ssn] = new SctpMessage(fragment.Stream, fragment.Ppid, tooLarge ? null! : payload, Unordered: false);
        _bufferedBytes += payload.Length;
        var result = DeliverInOrder(stream);
        return tooLarge ? SctpDropReason.MessageTooLarge : result;
    }

    private InStream StreamFor(ushort id)
    {
        if (!_streams.TryGetValue(id, out var s)) _streams[id] = s = new InStream();
        return s;
    }

    private SctpDropReason DeliverInOrder(InStream stream)
    {
        var result = SctpDropReason.None;
        while (stream.Pending.Remove(stream.NextSsn, out var message))
        {
            stream.NextSsn++;
            if (message.Data is null) continue;
            _bufferedBytes -= message.Data.Length;
            var r = Deliver(message);
            if (r != SctpDropReason.None) result = r;
        }
        return result;
    }

    private SctpDropReason Deliver(SctpMessage message)
    {
        if (_delivered.Count >= _options.MaxDeliveryQueue) return SctpDropReason.DeliveryQueueFull;
        _delivered.Enqueue(message);
        return SctpDropReason.None;
    }

    /// <summary>
    /// FORWARD TSN (RFC 3758 section 3.6): everything up to the new cumulative TSN is treated as received,
    /// partial fragments there are discarded, and each listed ordered stream skips to after the given SSN.
    /// Returns the number of fragments discarded.
    /// </summary>
    public int OnForwardTsn(in SctpForwardTsnChunk forward)
    {
        SackDue = true;
        var target = forward.NewCumulativeTsn;
        var discarded = 0;
        if (SctpSerial.Gt(target, CumulativeTsn))
        {
            // Bounded: a jump beyond our window is clamped to it (a legitimate peer never abandons TSNs it never sent).
            if (target - CumulativeTsn >= (uint)_options.TsnWindow) target = CumulativeTsn + (uint)_options.TsnWindow - 1;
            for (var t = CumulativeTsn + 1; SctpSerial.Le(t, target); t++)
            {
                if (_fragments.Remove(t, out var f))
                {
                    _bufferedBytes -= f.Data.Length;
                    discarded++;
                }
                _received[t % (uint)_received.Length] = false;
            }
            CumulativeTsn = target;
            if (SctpSerial.Lt(_highest, target)) _highest = target;
            Advance(); // over anything already received after it
        }
        for (var i = 0; i < forward.StreamCount; i++)
        {
            var (id, ssn) = forward.StreamAt(i);
            if (!_streams.TryGetValue(id, out var stream))
            {
                if (_streams.Count >= _options.Streams) continue;
                stream = StreamFor(id);
            }
            if (SctpSerial.Le(stream.NextSsn, ssn))
            {
                for (var s = stream.NextSsn; s != (ushort)(ssn + 1); s++)
                    if (stream.Pending.Remove(s, out var m) && m.Data is not null) _bufferedBytes -= m.Data.Length;
                stream.NextSsn = (ushort)(ssn + 1);
            }
            DeliverInOrder(stream);
        }
        return discarded;
    }

    /// <summary>The peer reset its outgoing stream (RE-CONFIG): the next message there has SSN 0.</summary>
    public void ResetStream(ushort id)
    {
        if (_streams.Remove(id, out var stream))
            foreach (var m in stream.Pending.Values)
                if (m.Data is not null) _bufferedBytes -= m.Data.Length;
    }

    /// <summary>Writes the SACK for the current state (RFC 9260 section 6.2) and clears the duplicate list.</summary>
    public int WriteSack(Span<byte> destination)
    {
        Span<ushort> gaps = stackalloc ushort[2 * MaxGapBlocks];
        var gapCount = 0;
        if (SctpSerial.Gt(_highest, CumulativeTsn))
        {
            var inBlock = false;
            var span = _highest - CumulativeTsn;
            for (uint offset = 1; offset <= span && gapCount < 2 * MaxGapBlocks; offset++)
            {
                var got = _received[(CumulativeTsn + offset) % (uint)_received.Length];
                if (got && !inBlock)
                {
                    gaps[gapCount++] = (ushort)offset;
                    inBlock = true;
                }
                else if (!got && inBlock)
                {
                    gaps[gapCount++] = (ushort)(offset - 1);
                    inBlock = false;
                }
            }
            if (inBlock) gaps[gapCount++] = (ushort)Math.Min(span, ushort.MaxValue);
        }
        var length = SctpSackChunk.Write(destination, CumulativeTsn, Window, gaps[..gapCount], _duplicates.AsSpan(0, _duplicateCount));
        _duplicateCount = 0;
        SackDue = false;
        return length;
    }

    public static int MaxSackLength => SctpChunk.HeaderLength + SctpSackChunk.FixedLength + 4 * MaxGapBlocks + 4 * MaxDuplicates;
}
