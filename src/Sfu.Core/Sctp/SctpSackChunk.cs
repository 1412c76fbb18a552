using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// SACK (RFC 9260 section 3.3.4): cumulative TSN ack, a_rwnd, gap ack blocks (start and end offsets from the
/// cumulative TSN, both inclusive) and duplicate TSNs.
/// </summary>
public ref struct SctpSackChunk
{
    public const int FixedLength = 12;

    public uint CumulativeTsnAck;
    public uint AdvertisedReceiverWindow;
    public int GapBlockCount;
    public int DuplicateCount;
    private ReadOnlySpan<byte> _blocks;

    public static bool TryParse(in SctpChunk chunk, out SctpSackChunk sack)
    {
        sack = default;
        var v = chunk.Value;
        if (v.Length < FixedLength) return false;
        sack.CumulativeTsnAck = BinaryPrimitives.ReadUInt32BigEndian(v);
        sack.AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(v[4..]);
        sack.GapBlockCount = BinaryPrimitives.ReadUInt16BigEndian(v[8..]);
        sack.DuplicateCount = BinaryPrimitives.ReadUInt16BigEndian(v[10..]);
        if (v.Length < FixedLength + 4 * (sack.GapBlockCount + sack.DuplicateCount)) return false;
        sack._blocks = v.Slice(FixedLength, 4 * sack.GapBlockCount);
        return true;
    }

    /// <summary>Gap block <paramref name="index"/> as offsets from the cumulative TSN ack.</summary>
    public readonly (ushort Start, ushort End) GapBlock(int index) =>
        (BinaryPrimitives.ReadUInt16BigEndian(_blocks[(4 * index)..]), BinaryPrimitives.ReadUInt16BigEndian(_blocks[(4 * index + 2)..]));

    /// <summary>Writes a SACK; <paramref name="gaps"/> holds (start, end) offset pairs. Returns the padded length.</summary>
    public static int Write(Span<byte> destination, uint cumulativeTsnAck, uint receiverWindow,
        ReadOnlySpan<ushort> gaps, ReadOnlySpan<uint> duplicates)
    {
        var v = destination[SctpChunk.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(v, cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(v[4..], receiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(v[8..], (ushort)(gaps.Length / 2));
        BinaryPrimitives.WriteUInt16BigEndian(v[10..], (ushort)duplicates.Length);
        var at = FixedLength;
        foreach (var g in gaps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(v[at..], g);
            at += 2;
        }
        foreach (var d in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(v[at..], d);
            at += 4;
        }
        return SctpChunk.WriteHeader(destination, SctpChunkType.Sack, 0, at);
    }
}
