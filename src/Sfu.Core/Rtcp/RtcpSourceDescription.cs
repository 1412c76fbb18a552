using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>A source description packet (PT 202): SC chunks of SSRC plus items (CNAME, ...).</summary>
/// <remarks>
/// RFC 3550 §6.5. Every chunk is walked in <see cref="TryParse"/>: the SSRC, each item's length, and the
/// zero terminator that pads the chunk to a 32-bit boundary must all fit the packet, for each of the SC
/// chunks the header announces (bytes after the last chunk are ignored). Build packets with
/// <see cref="RtcpSourceDescriptionWriter"/>.
/// </remarks>
public readonly ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpSourceDescription(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        _packet = packet;
        _body = body;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>Number of chunks.</summary>
    public int ChunkCount => RtcpHeader.GetCount(_packet);

    /// <summary>Validates one SDES packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSourceDescription sdes, out PacketDropReason reason)
    {
        sdes = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.SourceDescription, out var body, out reason)) return false;
        var offset = 0;
        for (var i = 0; i < RtcpHeader.GetCount(packet); i++)
        {
            if (!TryMeasureChunk(body[offset..], out var chunkLength, out _))
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            offset += chunkLength;
        }
        sdes = new RtcpSourceDescription(packet, body);
        return true;
    }

    /// <summary>The chunks in wire order.</summary>
    public ChunkEnumerator GetChunks() => new(_body, ChunkCount);

    /// <summary>The CNAME of the first chunk (the usual single-source case).</summary>
    public bool TryGetFirstCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        foreach (var chunk in GetChunks())
        {
            ssrc = chunk.Ssrc;
            return chunk.TryGetItem(RtcpSdesItemType.Cname, out cname);
        }
        ssrc = 0;
        cname = default;
        return false;
    }

    // A chunk: SSRC, items, at least one zero byte, then zeros to a multiple of 4 bytes.
    internal static bool TryMeasureChunk(ReadOnlySpan<byte> data, out int chunkLength, out int itemsLength)
    {
        chunkLength = itemsLength = 0;
        if (data.Length < 4) return false;
        var i = 4;
        while (true)
        {
            if (i >= data.Length) return false;
            if (data[i] == 0) break;
            if (data.Length - i < 2) return false;
            var length = data[i + 1];
            if (length > data.Length - i - 2) return false;
            i += 2 + length;
        }
        itemsLength = i - 4;
        var end = (i + 1 + 3) & ~3; // the terminator, then padding to the next word
        if (end > data.Length) return false;
        chunkLength = end;
        return true;
    }

    /// <summary>Walks the chunks of a validated SDES packet.</summary>
    public ref struct ChunkEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly int _count;
        private int _index;
        private int _next;
        private int _start;
        private int _itemsLength;

        internal ChunkEnumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _count = count;
            _index = 0;
            _next = 0;
            _start = 0;
            _itemsLength = 0;
        }

        /// <summary>The current chunk.</summary>
        public readonly RtcpSdesChunk Current => new(RtcpSdesChunk.ReadSsrc(_body[_start..]), _body.Slice(_start + 4, _itemsLength));

        /// <summary>Returns this enumerator.</summary>
        public readonly ChunkEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next chunk.</summary>
        public bool MoveNext()
        {
            if (_index >= _count || !TryMeasureChunk(_body[_next..], out var length, out var items)) return false;
            _start = _next;
            _itemsLength = items;
            _next += length;
            _index++;
            return true;
        }
    }
}
