namespace Sfu.Core.Sctp;

/// <summary>
/// The send side of an association: messages cut into DATA chunks with consecutive TSNs, the chunks in
/// flight, retransmission (T3-rtx timer, fast retransmit after three miss indications; RFC 9260 sections 6.3
/// and 7.2.4), congestion control (cwnd, ssthresh, slow start and congestion avoidance, section 7.2), the
/// peer's window (rwnd), and partial reliability (RFC 3758: a chunk past its retransmission limit or lifetime
/// is abandoned and FORWARD TSN tells the peer to skip it). Bounded by <see cref="SctpOptions.MaxSendQueueBytes"/>.
/// </summary>
internal sealed class SctpSendQueue
{
    private const int FastRetransmitMisses = 3;

    private readonly SctpOptions _options;
    private readonly SctpRto _rto;
    private readonly List<OutChunk> _chunks = new();
    private readonly ushort[] _nextSsn;
    private readonly Dictionary<ushort, ushort> _forwardStreams = new();
    private int _head;        // index of the oldest chunk not yet cumulatively acked or forwarded
    private int _nextToSend;  // index of the first chunk never sent
    private int _markedCount; // chunks marked for retransmission
    private uint _nextTsn;
    private int _queuedBytes;
    private int _flightBytes;
    private int _partialBytesAcked;
    private bool _fastRecovery;
    private uint _fastRecoveryExit;
    private bool _forwardTsnDue;

    private sealed class OutChunk
    {
        public uint Tsn;
        public ushort Stream;
        public ushort Ssn;
        public uint Ppid;
        public byte Flags;
        public ReadOnlyMemory<byte> Data;
        public uint MessageFirstTsn;
        public int MaxRetransmits;
        public long ExpiresMs;
        public int Transmissions;
        public long SentMs;
        public bool Acked;
        public bool Abandoned;
        public bool Marked;
        public int Misses;
        public bool InFlight;
    }

    public SctpSendQueue(SctpOptions options, uint initialTsn, uint peerWindow, ushort outboundStreams, SctpRto rto)
    {
        _options = options;
        _rto = rto;
        _nextTsn = initialTsn;
        CumulativeAck = initialTsn - 1;
        AdvancedPeerAckPoint = CumulativeAck;
        PeerWindow = peerWindow;
        _nextSsn = new ushort[outboundStreams];
        // RFC 9260 section 7.2.1: initial cwnd = min(4 * MTU, max(2 * MTU, 4380)).
        Cwnd = Math.Min(4 * options.Mtu, Math.Max(2 * options.Mtu, 4380));
        Ssthresh = (int)Math.Min(peerWindow, int.MaxValue);
    }

    public uint CumulativeAck { get; private set; }
    public uint AdvancedPeerAckPoint { get; private set; }
    public uint PeerWindow { get; private set; }
    public int Cwnd { get; private set; }
    public int Ssthresh { get; private set; }
    public int FlightBytes => _flightBytes;
    public int QueuedBytes => _queuedBytes;
    public long Retransmissions { get; private set; }
    public long AbandonedMessages { get; private set; }
    /// <summary>Retransmission timer deadline, or long.MaxValue when nothing is outstanding.</summary>
    public long T3DueMs { get; private set; } = long.MaxValue;
    /// <summary>Consecutive T3 expiries without progress (association error count, section 8.1).</summary>
    public int ErrorCount { get; private set; }

    public bool HasOutstanding => _head < _chunks.Count || SctpSerial.Gt(AdvancedPeerAckPoint, CumulativeAck);
    public bool HasSendable => _nextToSend < _chunks.Count || _markedCount > 0 || _forwardTsnDue;

    /// <summary>
    /// Queues a message. <paramref name="maxRetransmits"/> below zero means reliable; <paramref name="lifetimeMs"/>
    /// below zero means no lifetime. False (nothing queued) when the stream is out of range, the message is
    /// empty or too large, or the queue's byte budget is spent.
    /// </summary>
    public SctpDropReason Enqueue(ushort stream, uint ppid, ReadOnlySpan<byte> data, bool unordered, int maxRetransmits, long lifetimeMs, long nowMs)
    {
        if (stream >= _nextSsn.Length) return SctpDropReason.InvalidStream;
        if (data.IsEmpty || data.Length > _options.MaxMessageSize) return SctpDropReason.MessageTooLarge;
        if (_queuedBytes + data.Length > _options.MaxSendQueueBytes) return SctpDropReason.SendQueueFull;
        var copy = data.ToArray();
        var maxPayload = _options.Mtu - SctpCommonHeader.Length - SctpDataChunk.HeaderLength;
        var ssn = unordered ? (ushort)0 : _nextSsn[stream]++;
        var first = _nextTsn;
        for (var at = 0; at < copy.Length; at += maxPayload)
        {
            var length = Math.Min(maxPayload, copy.Length - at);
            byte flags = 0;
            if (at == 0) flags |= SctpDataChunk.FlagBeginning;
            if (at + length == copy.Length) flags |= SctpDataChunk.FlagEnd;
            if (unordered) flags |= SctpDataChunk.FlagUnordered;
            _chunks.Add(new OutChunk
            {
                Tsn = _nextTsn++,
                Stream = stream,
                Ssn = ssn,
                Ppid = ppid,
                Flags = flags,
                Data = copy.AsMemory(at, length),
                MessageFirstTsn = first,
                MaxRetransmits = maxRetransmits,
                ExpiresMs = lifetimeMs < 0 ? long.MaxValue : nowMs + lifetimeMs,
            });
        }
        _queuedBytes += copy.Length;
        return SctpDropReason.None;
    }

    /// <summary>The stream's next SSN starts again at 0 (our side of a stream reset).</summary>
    public void ResetStream(ushort stream)
    {
        if (stream < _nextSsn.Length) _nextSsn[stream] = 0;
    }

    /// <summary>
    /// Writes DATA chunks (marked retransmissions first, then new ones) into <paramref name="destination"/>
    /// while they fit and cwnd and the peer's window allow (one packet is always allowed when nothing is in
    /// flight, the zero-window probe of section 6.1). Returns the bytes written.
    /// </summary>
    public int WriteData(Span<byte> destination, long nowMs)
    {
        var written = 0;
        if (_markedCount > 0)
        {
            for (var i = _head; i < _nextToSend && _markedCount > 0; i++)
            {
                var c = _chunks[i];
                if (!c.Marked) continue;
                if (!CanSend(c, destination.Length - written)) return written;
                c.Marked = false;
                _markedCount--;
                if (c.Abandoned || c.Acked) continue;
                written += Emit(c, destination[written..], nowMs);
                Retransmissions++;
            }
        }
        while (_nextToSend < _chunks.Count)
        {
            var c = _chunks[_nextToSend];
            if (c.Abandoned)
            {
                _nextToSend++;
                continue;
            }
            if (nowMs >= c.ExpiresMs)
            {
                // Lifetime ran out before the first transmission (RFC 3758 section 3.5 A1).
                AbandonMessage(c.MessageFirstTsn);
                continue;
            }
            if (!CanSend(c, destination.Length - written)) break;
            written += Emit(c, destination[written..], nowMs);
            _nextToSend++;
        }
        return written;
    }

    private bool CanSend(OutChunk c, int room)
    {
        if (SctpDataChunk.HeaderLength + c.Data.Length > room) return false;
        if (_flightBytes == 0) return true;
        return _flightBytes < Cwnd && PeerWindow >= (uint)c.Data.Length;
    }

    private int Emit(OutChunk c, Span<byte> destination, long nowMs)
    {
        c.Transmissions++;
        c.SentMs = nowMs;
        c.Misses = 0;
        if (!c.InFlight)
        {
            c.InFlight = true;
            _flightBytes += c.Data.Length;
        }
        PeerWindow = PeerWindow > (uint)c.Data.Length ? PeerWindow - (uint)c.Data.Length : 0;
        if (T3DueMs == long.MaxValue) T3DueMs = nowMs + _rto.RtoMs;
        return SctpDataChunk.Write(destination, c.Flags, c.Tsn, c.Stream, c.Ssn, c.Ppid, c.Data.Span);
    }

    /// <summary>Index of the chunk with <paramref name="tsn"/> (TSNs are consecutive from the head), or -1.</summary>
    private int IndexOf(uint tsn)
    {
        if (_head >= _chunks.Count) return -1;
        var offset = tsn - _chunks[_head].Tsn;
        return offset >= (uint)(_chunks.Count - _head) ? -1 : _head + (int)offset;
    }

    /// <summary>Processes a SACK (section 6.2.1, 7.2): cumulative ack, gap blocks, window, cwnd and RTT.</summary>
    public void OnSack(in SctpSackChunk sack, long nowMs)
    {
        var cum = sack.CumulativeTsnAck;
        // A SACK older than one we already processed, or acknowledging TSNs never sent, changes nothing.
        if (SctpSerial.Lt(cum, CumulativeAck) || SctpSerial.Ge(cum, _nextTsn)) return;
        var ackedBytes = 0;
        var rttMeasured = false;
        var advanced = SctpSerial.Gt(cum, CumulativeAck);
        while (_head < _chunks.Count && SctpSerial.Le(_chunks[_head].Tsn, cum))
        {
            var c = _chunks[_head];
            if (!c.Acked && !c.Abandoned)
            {
                ackedBytes += c.Data.Length;
                if (!rttMeasured && c.Transmissions == 1 && c.SentMs > 0)
                {
                    _rto.OnMeasurement(nowMs - c.SentMs);
                    rttMeasured = true;
                }
            }
            Release(c);
            _head++;
        }
        if (SctpSerial.Gt(cum, CumulativeAck)) CumulativeAck = cum;
        if (SctpSerial.Lt(AdvancedPeerAckPoint, CumulativeAck)) AdvancedPeerAckPoint = CumulativeAck;
        if (_head > _nextToSend) _nextToSend = _head;

        // Gap blocks: recompute the acked flag above the cumulative point (a peer may renege, section 6.2).
        uint highestGapAcked = cum;
        var blocks = Math.Min(sack.GapBlockCount, 256);
        for (var i = _head; i < _nextToSend; i++) _chunks[i].Acked = false;
        for (var b = 0; b < blocks; b++)
        {
            var (start, end) = sack.GapBlock(b);
            if (start == 0 || end < start) continue;
            for (uint t = cum + start; SctpSerial.Le(t, cum + end); t++)
            {
                var index = IndexOf(t);
                if (index < 0 || index >= _nextToSend) break;
                var c = _chunks[index];
                if (!c.Acked && c.InFlight)
                {
                    c.InFlight = false;
                    _flightBytes -= c.Data.Length;
                    ackedBytes += c.Data.Length;
                }
                c.Acked = true;
                if (SctpSerial.Gt(t, highestGapAcked)) highestGapAcked = t;
            }
        }

        // Fast retransmit: every unacked chunk below the highest gap-acked TSN gets a miss indication.
        if (SctpSerial.Gt(highestGapAcked, cum))
        {
            var entered = false;
            for (var i = _head; i < _nextToSend; i++)
            {
                var c = _chunks[i];
                if (SctpSerial.Ge(c.Tsn, highestGapAcked)) break;
                if (c.Acked || c.Abandoned || c.Marked) continue;
                if (_fastRecovery && SctpSerial.Le(c.Tsn, _fastRecoveryExit)) continue;
                if (++c.Misses < FastRetransmitMisses) continue;
                if (!entered && !_fastRecovery)
                {
                    // Section 7.2.3 / 7.2.4: halve on loss, once per window.
                    Ssthresh = Math.Max(Cwnd / 2, 4 * _options.Mtu);
                    Cwnd = Ssthresh;
                    _partialBytesAcked = 0;
                    _fastRecovery = true;
                    _fastRecoveryExit = _nextTsn - 1;
                    entered = true;
                }
                MarkForRetransmission(c, nowMs);
            }
        }
        if (_fastRecovery && SctpSerial.Ge(cum, _fastRecoveryExit)) _fastRecovery = false;

        // Congestion window growth (section 7.2.1 and 7.2.2), only on a cumulative advance.
        if (advanced && !_fastRecovery)
        {
            if (Cwnd <= Ssthresh) Cwnd += Math.Min(ackedBytes, _options.Mtu);
            else
            {
                _partialBytesAcked += ackedBytes;
                if (_partialBytesAcked >= Cwnd)
                {
                    _partialBytesAcked -= Cwnd;
                    Cwnd += _options.Mtu;
                }
            }
        }
        // Peer window: a_rwnd less what is still in flight (section 6.2.1 D iv).
        var window = (long)sack.AdvertisedReceiverWindow - _flightBytes;
        PeerWindow = (uint)Math.Max(0, window);

        if (advanced) ErrorCount = 0;
        AdvanceAbandoned();
        // RFC 3758 section 3.5 C3: the peer still lags our advanced point: tell it again.
        if (SctpSerial.Gt(AdvancedPeerAckPoint, cum)) _forwardTsnDue = true;
        else _forwardStreams.Clear();
        // Section 6.3.2: restart T3 when the earliest outstanding TSN is acked; stop it when nothing is outstanding.
        if (!AnyInFlight() && !SctpSerial.Gt(AdvancedPeerAckPoint, CumulativeAck)) T3DueMs = long.MaxValue;
        else if (advanced) T3DueMs = nowMs + _rto.RtoMs;
        Compact();
    }

    private bool AnyInFlight() => _flightBytes > 0;

    private void Release(OutChunk c)
    {
        if (c.InFlight)
        {
            c.InFlight = false;
            _flightBytes -= c.Data.Length;
        }
        if (c.Marked)
        {
            c.Marked = false;
            _markedCount--;
        }
        if ((c.Flags & SctpDataChunk.FlagEnd) != 0) _queuedBytes -= MessageLength(c);
    }

    private int MessageLength(OutChunk last)
    {
        // The chunk holding the End flag releases the whole message's bytes: its slice ends the array.
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(last.Data, out var segment) ? segment.Array!.Length : last.Data.Length;
    }

    private void MarkForRetransmission(OutChunk c, long nowMs)
    {
        if (c.MaxRetransmits >= 0 && c.Transmissions > c.MaxRetransmits || nowMs >= c.ExpiresMs)
        {
            AbandonMessage(c.MessageFirstTsn);
            return;
        }
        if (c.InFlight)
        {
            c.InFlight = false;
            _flightBytes -= c.Data.Length;
        }
        if (!c.Marked)
        {
            c.Marked = true;
            _markedCount++;
        }
    }

    /// <summary>Abandons every chunk of the message starting at <paramref name="firstTsn"/> (RFC 3758 section 3.5 A3).</summary>
    private void AbandonMessage(uint firstTsn)
    {
        var index = IndexOf(firstTsn);
        // The message's first chunks may already be acknowledged: its remaining ones start at the head.
        if (index < 0 && _head < _chunks.Count && _chunks[_head].MessageFirstTsn == firstTsn) index = _head;
        if (index < 0) return;
        AbandonedMessages++;
        for (var i = index; i < _chunks.Count && _chunks[i].MessageFirstTsn == firstTsn; i++)
        {
            var part = _chunks[i];
            if (part.Abandoned) continue;
            part.Abandoned = true;
            if (part.InFlight)
            {
                part.InFlight = false;
                _flightBytes -= part.Data.Length;
            }
            if (part.Marked)
            {
                part.Marked = false;
                _markedCount--;
            }
        }
        AdvanceAbandoned();
    }

    /// <summary>Moves the advanced peer ack point over abandoned chunks at the head (RFC 3758 section 3.5 C1).</summary>
    private void AdvanceAbandoned()
    {
        var moved = false;
        while (_head < _chunks.Count && _chunks[_head].Abandoned)
        {
            var c = _chunks[_head];
            if ((c.Flags & SctpDataChunk.FlagUnordered) == 0) _forwardStreams[c.Stream] = c.Ssn;
            AdvancedPeerAckPoint = c.Tsn;
            Release(c);
            _head++;
            moved = true;
        }
        if (_head > _nextToSend) _nextToSend = _head;
        if (moved)
        {
            _forwardTsnDue = true;
            Compact();
        }
    }

    /// <summary>Writes FORWARD TSN when one is due (after abandoning, or the peer still lags). Returns bytes written.</summary>
    public int WriteForwardTsn(Span<byte> destination, bool peerSupportsIt)
    {
        if (!_forwardTsnDue) return 0;
        _forwardTsnDue = false;
        if (!peerSupportsIt || !SctpSerial.Gt(AdvancedPeerAckPoint, CumulativeAck)) return 0;
        var count = Math.Min(_forwardStreams.Count, (destination.Length - 8) / 4);
        if (count < 0) return 0;
        Span<(ushort, ushort)> streams = count <= 64 ? stackalloc (ushort, ushort)[count] : new (ushort, ushort)[count];
        var i = 0;
        foreach (var (stream, ssn) in _forwardStreams)
        {
            if (i == count) break;
            streams[i++] = (stream, ssn);
        }
        return SctpForwardTsnChunk.Write(destination, AdvancedPeerAckPoint, streams);
    }

    /// <summary>T3-rtx expiry (section 6.3.3): back off the RTO, cwnd to one MTU, everything in flight marked.</summary>
    public void OnT3Timeout(long nowMs)
    {
        if (nowMs < T3DueMs) return;
        ErrorCount++;
        _rto.Backoff();
        Ssthresh = Math.Max(Cwnd / 2, 4 * _options.Mtu);
        Cwnd = _options.Mtu;
        _partialBytesAcked = 0;
        _fastRecovery = false;
        for (var i = _head; i < _nextToSend; i++)
        {
            var c = _chunks[i];
            if (!c.Acked && !c.Abandoned) MarkForRetransmission(c, nowMs);
        }
        if (SctpSerial.Gt(AdvancedPeerAckPoint, CumulativeAck)) _forwardTsnDue = true;
        T3DueMs = HasOutstanding ? nowMs + _rto.RtoMs : long.MaxValue;
    }

    private void Compact()
    {
        if (_head >= 256 && _head * 2 >= _chunks.Count)
        {
            _chunks.RemoveRange(0, _head);
            _nextToSend -= _head;
            _head = 0;
        }
    }
}
