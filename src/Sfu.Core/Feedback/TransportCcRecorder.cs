using System.Buffers.Binary;
using Sfu.Core.Primitives;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Feedback;

/// <summary>
/// Records the arrival time of every packet with a transport-wide sequence number on one publisher transport
/// and writes transport-cc feedback packets reporting them.
/// </summary>
/// <remarks>
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// </code>
/// Reference time is in multiples of 64 ms (24 bits, signed); receive deltas in 250 µs, one byte (0..255,
/// "small") or two bytes signed ("large"). Chunks are run-length (T=0) or status vectors (T=1) of 14 one-bit
/// or 7 two-bit symbols. Deltas are accumulated from the quantised reference so rounding never drifts.
/// As in libwebrtc's RemoteEstimatorProxy, a packet arriving after its sequence number was reported moves the
/// next report's start back, so reordering leads to a second, correcting report rather than a lost packet.
/// </remarks>
public sealed class TransportCcRecorder
{
    /// <summary>Arrival history kept (sequence numbers).</summary>
    public const int HistorySize = 8192;
    /// <summary>Most packets reported in one feedback packet.</summary>
    public const int MaxStatusCount = 1024;
    private const long ReferenceUnitUs = 64_000;
    private const long DeltaUnitUs = 250;
    private const int FixedLength = 20;

    private readonly long[] _arrivalUs = new long[HistorySize];
    private readonly long[] _seqAt = new long[HistorySize];
    private SequenceUnwrapper _unwrapper;
    private long _windowStart = -1;
    private long _maxSeq = -1;
    private byte _feedbackCount;

    /// <summary>A recorder with an empty history.</summary>
    public TransportCcRecorder() => Array.Fill(_seqAt, -1);

    /// <summary>Packets recorded.</summary>
    public long Recorded { get; private set; }

    /// <summary>Feedback packets written.</summary>
    public long FeedbackSent { get; private set; }

    /// <summary>True when some recorded arrival has not been reported yet.</summary>
    public bool HasPending => _windowStart >= 0 && _windowStart <= _maxSeq;

    /// <summary>Records the arrival of transport-wide sequence number <paramref name="sequenceNumber"/>.</summary>
    public void OnPacket(ushort sequenceNumber, long arrivalUs)
    {
        var seq = _unwrapper.Unwrap(sequenceNumber) + 65536; // keep it positive for the first packets' wrap-back
        var slot = (int)(seq & (HistorySize - 1));
        if (_seqAt[slot] == seq) return; // duplicate: the first arrival counts
        _seqAt[slot] = seq;
        _arrivalUs[slot] = arrivalUs;
        Recorded++;
        if (seq > _maxSeq) _maxSeq = seq;
        if (_windowStart < 0 || seq < _windowStart) _windowStart = seq;
        if (_windowStart <= _maxSeq - HistorySize) _windowStart = _maxSeq - HistorySize + 1;
    }

    /// <summary>
    /// Writes one feedback packet for the oldest unreported packets into <paramref name="destination"/>; returns
    /// its length, or 0 when nothing is pending or it does not fit. Call again while <see cref="HasPending"/>.
    /// </summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, int maxLength = 1200)
    {
        if (!HasPending) return 0;
        // Skip leading sequence numbers never received: the base is the first received one.
        var start = _windowStart;
        while (start <= _maxSeq && !TryArrival(start, out _)) start++;
        if (start > _maxSeq)
        {
            _windowStart = -1;
            return 0;
        }
        maxLength = Math.Min(maxLength, destination.Length);
        TryArrival(start, out var firstArrival);
        var reference = FloorDiv(firstArrival, ReferenceUnitUs);
        var previous = reference * ReferenceUnitUs;

        Span<byte> symbols = stackalloc byte[MaxStatusCount];
        Span<short> deltas = stackalloc short[MaxStatusCount];
        var count = 0;
        var deltaBytes = 0;
        var lastReceived = start;
        for (var seq = start; seq <= _maxSeq && count < MaxStatusCount; seq++)
        {
            byte symbol = 0;
            short delta = 0;
            if (TryArrival(seq, out var arrival))
            {
                var ticks = FloorDiv(arrival - previous, DeltaUnitUs);
                if (ticks < short.MinValue || ticks > short.MaxValue) break; // next report starts here
                symbol = ticks is >= 0 and <= 255 ? (byte)1 : (byte)2;
                delta = (short)ticks;
            }
            // Worst case size with this symbol: a 2-byte chunk per symbol is more than enough as a bound.
            var size = FixedLength + 2 * ((count + 1 + 6) / 7) + deltaBytes + symbol + 3;
            if (size > maxLength) break;
            symbols[count] = symbol;
            deltas[count] = delta;
            count++;
            deltaBytes += symbol;
            if (symbol != 0)
            {
                previous += delta * DeltaUnitUs;
                lastReceived = seq;
            }
        }
        // Never end a report on a not-received run: those are reported by the next one if they arrive.
        count = (int)(lastReceived - start + 1);
        if (count <= 0) return 0;

        var d = destination;
        var o = FixedLength;
        for (var i = 0; i < count;)
        {
            var run = 1;
            while (i + run < count && symbols[i + run] == symbols[i] && run < 0x1FFF) run++;
            if (run >= 14)
            {
                BinaryPrimitives.WriteUInt16BigEndian(d[o..], (ushort)((symbols[i] << 13) | run));
                i += run;
            }
            else
            {
                var take = Math.Min(14, count - i);
                var hasLarge = false;
                for (var k = 0; k < take; k++) if (symbols[i + k] == 2) hasLarge = true;
                if (hasLarge || take <= 7)
                {
                    // Two-bit vector: 7 symbols (T=1, S=1); unused trailing symbols are "not received".
                    var chunk = 0xC000;
                    var n = Math.Min(7, count - i);
                    for (var k = 0; k < n; k++) chunk |= symbols[i + k] << (12 - 2 * k);
                    BinaryPrimitives.WriteUInt16BigEndian(d[o..], (ushort)chunk);
                    i += n;
                }
                else
                {
                    // One-bit vector: 14 symbols (T=1, S=0).
                    var chunk = 0x8000;
                    for (var k = 0; k < take; k++) chunk |= symbols[i + k] << (13 - k);
                    BinaryPrimitives.WriteUInt16BigEndian(d[o..], (ushort)chunk);
                    i += take;
                }
            }
            o += 2;
        }
        for (var i = 0; i < count; i++)
        {
            if (symbols[i] == 1) d[o++] = (byte)deltas[i];
            else if (symbols[i] == 2)
            {
                BinaryPrimitives.WriteInt16BigEndian(d[o..], deltas[i]);
                o += 2;
            }
        }
        var padding = (4 - (o & 3)) & 3;
        if (o + padding > maxLength) return 0;
        if (padding > 0)
        {
            d.Slice(o, padding).Clear();
            o += padding;
            d[o - 1] = (byte)padding;
        }
        d[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | 15);
        d[1] = (byte)RtcpPacketType.TransportFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)(o / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(d[12..], (ushort)start);
        BinaryPrimitives.WriteUInt16BigEndian(d[14..], (ushort)count);
        var refField = (uint)(reference & 0xFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(d[16..], (refField << 8) | _feedbackCount);
        _feedbackCount++;
        FeedbackSent++;
        _windowStart = start + count;
        return o;
    }

    private bool TryArrival(long seq, out long arrivalUs)
    {
        var slot = (int)(seq & (HistorySize - 1));
        if (_seqAt[slot] == seq)
        {
            arrivalUs = _arrivalUs[slot];
            return true;
        }
        arrivalUs = 0;
        return false;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
