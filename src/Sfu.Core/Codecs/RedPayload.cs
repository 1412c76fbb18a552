using Sfu.Core.Diagnostics;

namespace Sfu.Core.Codecs;

/// <summary>A view of a RED (RFC 2198) payload, as used for Opus redundancy: redundant blocks then the primary one.</summary>
/// <remarks>
/// RFC 2198 §3:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |F|   block PT  |  timestamp offset         |   block length    |  (F = 1: more headers follow)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0|   Block PT  |  (the last header, for the primary block)
/// +-+-+-+-+-+-+-+-+
/// </code>
/// The data blocks follow in header order; the primary block takes whatever remains. The sum of the block
/// lengths is checked against the payload in <see cref="TryParse"/>.
/// </remarks>
public readonly ref struct RedPayload
{
    /// <summary>Most blocks accepted; real senders use 2-3 (Chromium's Opus RED uses 2).</summary>
    public const int MaxBlocks = 32;

    private const int RedundantHeaderLength = 4;

    private readonly ReadOnlySpan<byte> _payload;
    private readonly int _headerLength;

    private RedPayload(ReadOnlySpan<byte> payload, int blockCount, int headerLength)
    {
        _payload = payload;
        BlockCount = blockCount;
        _headerLength = headerLength;
    }

    /// <summary>Number of blocks, the primary included.</summary>
    public int BlockCount { get; }

    /// <summary>The primary (last) block.</summary>
    public RedBlock Primary => GetBlock(BlockCount - 1);

    /// <summary>Block <paramref name="index"/> (0 is the oldest redundant block).</summary>
    public RedBlock GetBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BlockCount);
        var dataOffset = _headerLength;
        for (var i = 0; i < index; i++) dataOffset += BlockLength(i);
        var header = _payload[(index * RedundantHeaderLength)..];
        var payloadType = (byte)(header[0] & 0x7F);
        if (index == BlockCount - 1) return new RedBlock(payloadType, 0, _payload[dataOffset..], true);
        var offset = (header[1] << 6) | (header[2] >> 2);
        return new RedBlock(payloadType, offset, _payload.Slice(dataOffset, BlockLength(index)), false);
    }

    /// <summary>Parses the block headers; false when they or the block lengths run past the payload.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out RedPayload red, out PacketDropReason reason)
    {
        red = default;
        var offset = 0;
        var dataLength = 0;
        var blocks = 0;
        while (true)
        {
            if (offset >= payload.Length)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            if (++blocks > MaxBlocks)
            {
                reason = PacketDropReason.Malformed;
                return false;
            }
            if ((payload[offset] & 0x80) == 0)
            {
                offset += 1;
                break;
            }
            if (payload.Length - offset < RedundantHeaderLength)
            {
                reason = PacketDropReason.Truncated;
                return false;
            }
            dataLength += ((payload[offset + 2] & 0x03) << 8) | payload[offset + 3];
            offset += RedundantHeaderLength;
        }
        if (dataLength > payload.Length - offset)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        red = new RedPayload(payload, blocks, offset);
        reason = PacketDropReason.None;
        return true;
    }

    private int BlockLength(int index)
    {
        var header = _payload[(index * RedundantHeaderLength)..];
        return ((header[2] & 0x03) << 8) | header[3];
    }
}
