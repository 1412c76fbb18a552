using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>Transport-wide congestion control feedback (RTPFB, FMT 15): per-packet arrival status and time deltas.</summary>
/// <remarks>
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1:
/// <code>
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |  ...
/// |  recv delta   |  recv delta   |  ...                          |
/// </code>
/// Chunks: run length (T=0: 2-bit symbol, 13-bit run) or status vector (T=1; S=0: 14 one-bit symbols,
/// S=1: 7 two-bit symbols). Symbols: 0 not received, 1 small delta (1 byte, 0-255 ticks of 250 µs),
/// 2 large or negative delta (2 bytes, signed), 3 reserved. The reference time is a signed 24-bit count of
/// 64 ms. <see cref="TryParse"/> walks every chunk and delta, so a status count or a chunk list that runs
/// past the packet (mediasoup PR 1386/1419) is rejected before anything is read.
/// </remarks>
public readonly ref struct RtcpTransportFeedback
{
    /// <summary>Marks a packet that was not received, in the deltas passed to <see cref="Write"/>.</summary>
    public const int NotReceived = int.MinValue;

    /// <summary>Reference time unit, in milliseconds.</summary>
    public const int ReferenceTimeUnitMilliseconds = 64;

    private const int FixedFciLength = 8;
    private const int ChunkLength = 2;
    private const int MaxRunLength = 0x1FFF;
    private const int OneBitCapacity = 14;
    private const int TwoBitCapacity = 7;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;
    private readonly int _deltasOffset;

    private RtcpTransportFeedback(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci, int deltasOffset)
    {
        _packet = packet;
        _fci = fci;
        _deltasOffset = deltasOffset;
    }

    /// <summary>SSRC of the feedback sender.</summary>
    public uint SenderSsrc => RtcpFeedbackHeader.GetSenderSsrc(_packet);

    /// <summary>SSRC of the media source (informational; transport-cc covers every SSRC of the transport).</summary>
    public uint MediaSsrc => RtcpFeedbackHeader.GetMediaSsrc(_packet);

    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_fci);

    /// <summary>Number of packets described.</summary>
    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_fci[2..]);

    /// <summary>Signed 24-bit reference time in 64 ms units.</summary>
    public int ReferenceTime => ((_fci[4] << 24) | (_fci[5] << 16) | (_fci[6] << 8)) >> 8;

    /// <summary>Feedback packet counter (wraps at 256), to detect lost feedback.</summary>
    public byte FeedbackPacketCount => _fci[7];

    /// <summary>The described packets in sequence order.</summary>
    public PacketEnumerator GetPackets() => new(_fci, _deltasOffset);

    /// <summary>Validates one transport-cc feedback packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpTransportFeedback feedback, out PacketDropReason reason)
    {
        feedback = default;
        if (!RtcpFeedbackHeader.TryGetFci(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportCc, out var fci, out reason)) return false;
        if (fci.Length < FixedFciLength)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        var offset = FixedFciLength;
        var described = 0;
        var deltaBytes = 0;
        while (described < statusCount)
        {
            if (fci.Length - offset < ChunkLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            offset += ChunkLength;
            var symbols = Math.Min(SymbolCount(chunk), statusCount - described);
            for (var i = 0; i < symbols; i++)
            {
                var symbol = Symbol(chunk, i);
                if (symbol == 3)
                {
                    reason = PacketDropReason.Malformed;
                    return false;
                }
                deltaBytes += symbol; // 0, 1 or 2 bytes
            }
            described += symbols;
        }
        // Deltas must fit; up to 3 bytes of zero padding may follow when the P bit was not used.
        var trailing = fci.Length - offset - deltaBytes;
        if (trailing < 0)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        if (trailing > 3)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        feedback = new RtcpTransportFeedback(packet, fci, offset);
        return true;
    }

    /// <summary>Size of the packet <see cref="Write"/> produces for <paramref name="deltas"/>.</summary>
    public static int GetLength(ReadOnlySpan<int> deltas)
    {
        var unpadded = RtcpFeedbackHeader.Length + FixedFciLength + Encode(deltas, default);
        return (unpadded + 3) & ~3;
    }

    /// <summary>
    /// Writes a feedback for consecutive packets starting at <paramref name="baseSequenceNumber"/>.
    /// <paramref name="deltas"/> holds, per packet, the arrival delta in 250 µs ticks (-32768 to 32767) or
    /// <see cref="NotReceived"/>. Padding to a 32-bit boundary uses the P bit (RFC 3550 §6.4.1). Returns the length.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber,
        int referenceTime, byte feedbackPacketCount, ReadOnlySpan<int> deltas)
    {
        if (deltas.IsEmpty || deltas.Length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(deltas));
        foreach (var d in deltas)
            if (d != NotReceived && (d < short.MinValue || d > short.MaxValue)) throw new ArgumentOutOfRangeException(nameof(deltas), "A delta does not fit 16 bits; start a new feedback packet.");
        var unpadded = RtcpFeedbackHeader.Length + FixedFciLength + Encode(deltas, default);
        var length = (unpadded + 3) & ~3;
        var padding = length - unpadded;
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportCc, length, senderSsrc, mediaSsrc, padding > 0);
        var fci = destination[RtcpFeedbackHeader.Length..length];
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)deltas.Length);
        fci[4] = (byte)(referenceTime >> 16);
        fci[5] = (byte)(referenceTime >> 8);
        fci[6] = (byte)referenceTime;
        fci[7] = feedbackPacketCount;
        Encode(deltas, fci[FixedFciLength..]);
        if (padding > 0)
        {
            destination[unpadded..length].Clear();
            destination[length - 1] = (byte)padding;
        }
        return length;
    }

    private static int SymbolOf(int delta) => delta == NotReceived ? 0 : delta is >= 0 and <= byte.MaxValue ? 1 : 2;

    private static int SymbolCount(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? OneBitCapacity : TwoBitCapacity;

    private static int Symbol(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0) return (chunk >> 13) & 0x03;
        if ((chunk & 0x4000) == 0) return (chunk >> (OneBitCapacity - 1 - index)) & 0x01;
        return (chunk >> (2 * (TwoBitCapacity - 1 - index))) & 0x03;
    }

    // Writes chunks then deltas into destination (when not empty); returns the byte count either way.
    private static int Encode(ReadOnlySpan<int> deltas, Span<byte> destination)
    {
        var write = !destination.IsEmpty;
        var offset = 0;
        var i = 0;
        while (i < deltas.Length)
        {
            var symbol = SymbolOf(deltas[i]);
            var run = 1;
            while (i + run < deltas.Length && run < MaxRunLength && SymbolOf(deltas[i + run]) == symbol) run++;
            ushort chunk;
            int covered;
            if (run >= OneBitCapacity || (symbol == 2 && run >= TwoBitCapacity) || i + run == deltas.Length)
            {
                chunk = (ushort)((symbol << 13) | run);
                covered = run;
            }
            else
            {
                var window = Math.Min(OneBitCapacity, deltas.Length - i);
                var needsTwoBits = false;
                for (var k = 0; k < window; k++) needsTwoBits |= SymbolOf(deltas[i + k]) == 2;
                if (needsTwoBits)
                {
                    covered = Math.Min(TwoBitCapacity, deltas.Length - i);
                    chunk = 0xC000;
                    for (var k = 0; k < covered; k++) chunk |= (ushort)(SymbolOf(deltas[i + k]) << (2 * (TwoBitCapacity - 1 - k)));
                }
                else
                {
                    covered = window;
                    chunk = 0x8000;
                    for (var k = 0; k < covered; k++) chunk |= (ushort)(SymbolOf(deltas[i + k]) << (OneBitCapacity - 1 - k));
                }
            }
            if (write) BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], chunk);
            offset += ChunkLength;
            i += covered;
        }
        foreach (var d in deltas)
        {
            switch (SymbolOf(d))
            {
                case 1:
                    if (write) destination[offset] = (byte)d;
                    offset += 1;
                    break;
                case 2:
                    if (write) BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)d);
                    offset += 2;
                    break;
                default:
                    break;
            }
        }
        return offset;
    }

    /// <summary>Walks the packet statuses and deltas of a validated feedback.</summary>
    public ref struct PacketEnumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private readonly int _count;
        private int _index;
        private int _chunkOffset;
        private int _symbolInChunk;
        private int _symbolsInChunk;
        private ushort _chunk;
        private int _deltaOffset;
        private RtcpTransportFeedbackPacket _current;

        internal PacketEnumerator(ReadOnlySpan<byte> fci, int deltasOffset)
        {
            _fci = fci;
            _count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
            _index = 0;
            _chunkOffset = FixedFciLength;
            _symbolInChunk = 0;
            _symbolsInChunk = 0;
            _chunk = 0;
            _deltaOffset = deltasOffset;
            _current = default;
        }

        /// <summary>The current packet.</summary>
        public readonly RtcpTransportFeedbackPacket Current => _current;

        /// <summary>Returns this enumerator.</summary>
        public readonly PacketEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next packet.</summary>
        public bool MoveNext()
        {
            if (_index >= _count) return false;
            while (_symbolInChunk >= _symbolsInChunk)
            {
                if (_fci.Length - _chunkOffset < ChunkLength) return false;
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_fci[_chunkOffset..]);
                _chunkOffset += ChunkLength;
                _symbolsInChunk = SymbolCount(_chunk);
                _symbolInChunk = 0;
            }
            var symbol = Symbol(_chunk, _symbolInChunk++);
            var sequence = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_fci) + _index);
            _index++;
            switch (symbol)
            {
                case 1 when _deltaOffset < _fci.Length:
                    _current = new RtcpTransportFeedbackPacket(sequence, true, _fci[_deltaOffset]);
                    _deltaOffset += 1;
                    return true;
                case 2 when _fci.Length - _deltaOffset >= 2:
                    _current = new RtcpTransportFeedbackPacket(sequence, true, BinaryPrimitives.ReadInt16BigEndian(_fci[_deltaOffset..]));
                    _deltaOffset += 2;
                    return true;
                case 0:
                    _current = new RtcpTransportFeedbackPacket(sequence, false, 0);
                    return true;
                default:
                    return false;
            }
        }
    }
}
