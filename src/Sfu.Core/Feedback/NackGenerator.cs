namespace Sfu.Core.Feedback;

/// <summary>
/// Loss detection and NACK scheduling for one incoming stream (the publisher side): remembers which extended
/// sequence numbers arrived (so duplicates are recognised), which are missing, and when each missing one is
/// due for a (re)request.
/// </summary>
/// <remarks>
/// RFC 4585 §6.2.1 (generic NACK). Retry policy, RTT-aware like libwebrtc's NackRequester: a missing packet is
/// requested at the next feedback tick, then again each max(RTT, <see cref="MinRetryIntervalMs"/>) until it
/// arrives, <see cref="MaxRetries"/> requests were sent, or it is older than <see cref="MaxAgeMs"/>; then it is
/// abandoned and reported so down-tracks can close the hole they reserved for it.
/// </remarks>
public sealed class NackGenerator
{
    /// <summary>Requests per missing packet before it is abandoned.</summary>
    public const int MaxRetries = 10;
    /// <summary>Age after which a missing packet is abandoned.</summary>
    public const int MaxAgeMs = 1500;
    /// <summary>Smallest interval between two requests for the same packet.</summary>
    public const int MinRetryIntervalMs = 20;
    /// <summary>Sequence numbers tracked for duplicate detection.</summary>
    public const int WindowSize = 2048;
    /// <summary>Missing packets tracked at once; a larger burst abandons the oldest.</summary>
    public const int MaxMissing = 512;

    private readonly ulong[] _received = new ulong[WindowSize / 64];
    private readonly long[] _missingSeq = new long[MaxMissing];
    private readonly long[] _missingFirstUs = new long[MaxMissing];
    private readonly long[] _missingLastUs = new long[MaxMissing];
    private readonly int[] _missingRetries = new int[MaxMissing];
    private int _missingCount;
    private long _highest;
    private bool _started;

    /// <summary>Missing packets currently tracked.</summary>
    public int MissingCount => _missingCount;

    /// <summary>Highest extended sequence number received.</summary>
    public long Highest => _highest;

    /// <summary>Records an arrival. <paramref name="abandoned"/> receives sequence numbers dropped from tracking
    /// because the gap was too large; returns how the packet relates to those before it.</summary>
    public PacketArrival OnPacket(long seq, long nowUs, Span<long> abandoned, out int abandonedCount, bool trackLoss = true)
    {
        abandonedCount = 0;
        if (!_started)
        {
            _started = true;
            _highest = seq;
            Set(seq);
            return PacketArrival.InOrder;
        }
        if (seq > _highest)
        {
            // Clear the bits the window slides over, then mark the gap as missing.
            var clearFrom = Math.Max(_highest + 1, seq - WindowSize + 1);
            for (var s = clearFrom; s <= seq; s++) Clear(s);
            if (trackLoss)
            {
                for (var s = Math.Max(_highest + 1, seq - MaxMissing); s < seq; s++)
                {
                    if (_missingCount == MaxMissing)
                    {
                        if (abandonedCount < abandoned.Length) abandoned[abandonedCount++] = _missingSeq[0];
                        RemoveAt(0);
                    }
                    var i = _missingCount++;
                    _missingSeq[i] = s;
                    _missingFirstUs[i] = nowUs;
                    _missingLastUs[i] = long.MinValue;
                    _missingRetries[i] = 0;
                }
            }
            _highest = seq;
            Set(seq);
            return PacketArrival.InOrder;
        }
        if (_highest - seq >= WindowSize) return PacketArrival.TooOld;
        if (IsSet(seq)) return PacketArrival.Duplicate;
        Set(seq);
        var idx = IndexOfMissing(seq);
        if (idx >= 0) RemoveAt(idx);
        return PacketArrival.Late;
    }

    /// <summary>True when <paramref name="seq"/> was received (within the window).</summary>
    public bool WasReceived(long seq) => _started && seq <= _highest && _highest - seq < WindowSize && IsSet(seq);

    /// <summary>Fills <paramref name="due"/> with the packets to request now and <paramref name="abandoned"/>
    /// with those given up; returns the number due.</summary>
    public int Poll(long nowUs, int rttMs, Span<long> due, Span<long> abandoned, out int abandonedCount)
    {
        abandonedCount = 0;
        var dueCount = 0;
        var intervalUs = Math.Max(rttMs, MinRetryIntervalMs) * 1000L;
        for (var i = 0; i < _missingCount;)
        {
            if (_missingRetries[i] >= MaxRetries || nowUs - _missingFirstUs[i] > MaxAgeMs * 1000L)
            {
                if (abandonedCount < abandoned.Length) abandoned[abandonedCount++] = _missingSeq[i];
                RemoveAt(i);
                continue;
            }
            if (dueCount < due.Length && (_missingLastUs[i] == long.MinValue || nowUs - _missingLastUs[i] >= intervalUs))
            {
                due[dueCount++] = _missingSeq[i];
                _missingLastUs[i] = nowUs;
                _missingRetries[i]++;
            }
            i++;
        }
        return dueCount;
    }

    /// <summary>Forgets everything (publisher restart).</summary>
    public void Reset()
    {
        Array.Clear(_received);
        _missingCount = 0;
        _started = false;
    }

    private int IndexOfMissing(long seq)
    {
        for (var i = 0; i < _missingCount; i++) if (_missingSeq[i] == seq) return i;
        return -1;
    }

    private void RemoveAt(int i)
    {
        var n = _missingCount - i - 1;
        if (n > 0)
        {
            Array.Copy(_missingSeq, i + 1, _missingSeq, i, n);
            Array.Copy(_missingFirstUs, i + 1, _missingFirstUs, i, n);
            Array.Copy(_missingLastUs, i + 1, _missingLastUs, i, n);
            Array.Copy(_missingRetries, i + 1, _missingRetries, i, n);
        }
        _missingCount--;
    }

    private void Set(long seq) => _received[(seq >> 6) & (WindowSize / 64 - 1)] |= 1UL << (int)(seq & 63);
    private void Clear(long seq) => _received[(seq >> 6) & (WindowSize / 64 - 1)] &= ~(1UL << (int)(seq & 63));
    private bool IsSet(long seq) => (_received[(seq >> 6) & (WindowSize / 64 - 1)] & (1UL << (int)(seq & 63))) != 0;
}
