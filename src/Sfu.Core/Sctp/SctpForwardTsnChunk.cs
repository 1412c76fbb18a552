using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// FORWARD TSN (RFC 3758 section 3.2): the new cumulative TSN the receiver should move to, then (stream, SSN)
/// pairs: for ordered streams, the largest SSN abandoned, so the receiver stops waiting for it. This is how
/// LiveKit's <c>_lossy</c> channel (ordered, maxRetransmits 0) skips lost messages.
/// </summary>
public ref struct SctpForwardTsnChunk
{
    public uint NewCumulativeTsn;
    private ReadOnlySpan<byte> _streams;

    public readonly int StreamCount => _streams.Length / 4;

    public readonly (ushort Stream, ushort Ssn) StreamAt(int index) =>
        (BinaryPrimitives.ReadUInt16BigEndian(_streams[(4 * index)..]), BinaryPrimitives.ReadUInt16BigEndian(_streams[(4 * index + 2)..]));

    public static bool TryParse(in SctpChunk chunk, out SctpForwardTsnChunk forward)
    {
        forward = default;
        var v = chunk.Value;
        if (v.Length < 4 || (v.Length - 4) % 4 != 0) return false;
        forward.NewCumulativeTsn = BinaryPrimitives.ReadUInt32BigEndian(v);
        forward._streams = v[4..];
        return true;
    }

    /// <summary>Writes FORWARD TSN; <paramref name="streams"/> holds stream and SSN pairs. Returns the padded length.</summary>
    public static int Write(Span<byte> destination, uint newCumulativeTsn, ReadOnlySpan<(ushort Stream, ushort Ssn)> streams)
    {
        var v = destination[SctpChunk.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(v, newCumulativeTsn);
        var at = 4;
        foreach (var (stream, ssn) in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(v[at..], stream);
            BinaryPrimitives.WriteUInt16BigEndian(v[(at + 2)..], ssn);
            at += 4;
        }
        return SctpChunk.WriteHeader(destination, SctpChunkType.ForwardTsn, 0, at);
    }
}
