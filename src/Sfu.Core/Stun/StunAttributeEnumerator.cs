using System.Buffers.Binary;

namespace Sfu.Core.Stun;

/// <summary>Walks the attributes of an already validated STUN message, in wire order.</summary>
/// <remarks>
/// Used through <see cref="StunMessageReader.GetAttributes"/> in a <c>foreach</c>. The walk re-checks every
/// bound anyway, so a truncated span simply ends the walk instead of reading past it.
/// </remarks>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _attributes;
    private int _next;
    private ushort _type;
    private int _valueOffset;
    private int _valueLength;

    /// <summary>Creates an enumerator over the attribute area (the bytes after the 20-byte header).</summary>
    public StunAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _attributes = attributes;
        _next = 0;
        _type = 0;
        _valueOffset = 0;
        _valueLength = 0;
    }

    /// <summary>The current attribute.</summary>
    public readonly StunAttribute Current => new(_type, _attributes.Slice(_valueOffset, _valueLength));

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute; false at the end or at a malformed tail.</summary>
    public bool MoveNext()
    {
        var remaining = _attributes.Length - _next;
        if (remaining < StunMessageReader.AttributeHeaderLength) return false;
        var type = BinaryPrimitives.ReadUInt16BigEndian(_attributes[_next..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_attributes[(_next + 2)..]);
        if (length > remaining - StunMessageReader.AttributeHeaderLength) return false;
        _type = type;
        _valueOffset = _next + StunMessageReader.AttributeHeaderLength;
        _valueLength = length;
        _next = Math.Min(_attributes.Length, _valueOffset + StunMessageReader.Pad4(length));
        return true;
    }
}
