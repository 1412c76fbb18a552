using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>One DLRR sub-block: the receiver it answers, its last RRTR (LRR) and the delay since (DLRR, 1/65536 s).</summary>
/// <remarks>RFC 3611 §4.5: 12 bytes per sub-block.</remarks>
public readonly record struct RtcpDlrrItem(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport)
{
    /// <summary>Sub-block size.</summary>
    public const int Length = 12;

    /// <summary>Reads a sub-block.</summary>
    public static RtcpDlrrItem Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Writes the sub-block.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], LastReceiverReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], DelaySinceLastReceiverReport);
    }
}
