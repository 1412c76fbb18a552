namespace Sfu.Core.Rtp;

/// <summary>One header extension element: its local id and value, borrowed from the packet.</summary>
/// <remarks>RFC 8285 §4.2 (one-byte form, ids 1-14) and §4.3 (two-byte form, ids 1-255).</remarks>
public readonly ref struct RtpExtension
{
    /// <summary>Creates a view of one element.</summary>
    public RtpExtension(int id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>The local identifier negotiated with a=extmap.</summary>
    public int Id { get; }

    /// <summary>The element data (length 1-16 in the one-byte form, 0-255 in the two-byte form).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
