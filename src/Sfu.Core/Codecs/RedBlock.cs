namespace Sfu.Core.Codecs;

/// <summary>One block of a RED payload: its payload type, timestamp offset and data, borrowed from the packet.</summary>
/// <remarks>RFC 2198 §3. The primary (last) block has no offset or length in its header; its offset is 0.</remarks>
public readonly ref struct RedBlock
{
    /// <summary>Creates a block view.</summary>
    public RedBlock(byte payloadType, int timestampOffset, ReadOnlySpan<byte> data, bool isPrimary)
    {
        PayloadType = payloadType;
        TimestampOffset = timestampOffset;
        Data = data;
        IsPrimary = isPrimary;
    }

    /// <summary>The block's payload type (Opus for Opus RED).</summary>
    public byte PayloadType { get; }

    /// <summary>How far before the packet's timestamp this block's timestamp is (14 bits).</summary>
    public int TimestampOffset { get; }

    /// <summary>The encoded block.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>True for the last block, the current frame.</summary>
    public bool IsPrimary { get; }
}
