namespace Sfu.Core.Stun;

/// <summary>One attribute of a parsed STUN message: its type and value (without padding), borrowed from the message.</summary>
/// <remarks>RFC 8489 §14: type (16 bits), length (16 bits, value bytes before padding), value padded to 4 bytes.</remarks>
public readonly ref struct StunAttribute
{
    /// <summary>Creates a view of one attribute.</summary>
    public StunAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The attribute type as on the wire (may be a type <see cref="StunAttributeType"/> does not name).</summary>
    public ushort Type { get; }

    /// <summary>The value, without the padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>True for types 0x0000-0x7FFF, which a receiver must understand (RFC 8489 §14).</summary>
    public bool IsComprehensionRequired => Type < 0x8000;
}
