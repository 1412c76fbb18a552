namespace Sfu.Core.Rtcp;

/// <summary>One SDES item: type and text, borrowed from the packet.</summary>
/// <remarks>RFC 3550 §6.5: type (8 bits), length (8 bits), UTF-8 text (0-255 bytes, not NUL-terminated).</remarks>
public readonly ref struct RtcpSdesItem
{
    /// <summary>Creates a view of one item.</summary>
    public RtcpSdesItem(RtcpSdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The item type (may be one the enum does not name).</summary>
    public RtcpSdesItemType Type { get; }

    /// <summary>The text.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
