using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>One SDES chunk: an SSRC and its items (already validated by <see cref="RtcpSourceDescription.TryParse"/>).</summary>
/// <remarks>RFC 3550 §6.5: SSRC/CSRC (32 bits), items, then one or more zero bytes up to a 32-bit boundary.</remarks>
public readonly ref struct RtcpSdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    /// <summary>Creates a view over a chunk's SSRC and item bytes (without the terminating zeros).</summary>
    public RtcpSdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    /// <summary>The SSRC or CSRC the items describe.</summary>
    public uint Ssrc { get; }

    /// <summary>The first item of <paramref name="type"/>.</summary>
    public bool TryGetItem(RtcpSdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (var item in GetItems())
        {
            if (item.Type != type) continue;
            value = item.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The items in wire order.</summary>
    public ItemEnumerator GetItems() => new(_items);

    /// <summary>Reads an SSRC from a chunk start.</summary>
    internal static uint ReadSsrc(ReadOnlySpan<byte> chunk) => BinaryPrimitives.ReadUInt32BigEndian(chunk);

    /// <summary>Walks the items of one chunk; stops at the end or at anything that does not fit.</summary>
    public ref struct ItemEnumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _next;
        private int _start;
        private int _length;
        private RtcpSdesItemType _type;

        internal ItemEnumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _next = 0;
            _start = 0;
            _length = 0;
            _type = RtcpSdesItemType.End;
        }

        /// <summary>The current item.</summary>
        public readonly RtcpSdesItem Current => new(_type, _items.Slice(_start, _length));

        /// <summary>Returns this enumerator.</summary>
        public readonly ItemEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next item.</summary>
        public bool MoveNext()
        {
            if (_items.Length - _next < 2 || _items[_next] == 0) return false;
            var length = _items[_next + 1];
            if (length > _items.Length - _next - 2) return false;
            _type = (RtcpSdesItemType)_items[_next];
            _start = _next + 2;
            _length = length;
            _next = _start + length;
            return true;
        }
    }
}
