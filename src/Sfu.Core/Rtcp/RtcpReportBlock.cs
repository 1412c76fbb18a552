using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>One reception report block of an SR or RR (24 bytes).</summary>
/// <remarks>
/// RFC 3550 §6.4.1:
/// <code>
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// The cumulative loss is a signed 24-bit number (duplicates can make it negative).
/// </remarks>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Block size.</summary>
    public const int Length = 24;

    /// <summary>
    /// Block <paramref name="index"/> of an SR or RR whose blocks start at <paramref name="blocksOffset"/>: both
    /// carry RC blocks of the same layout after their sender part (RFC 3550 §6.4.1, §6.4.2).
    /// </summary>
    internal static RtcpReportBlock ReadFromReport(ReadOnlySpan<byte> packet, int blocksOffset, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RtcpHeader.GetCount(packet));
        return Read(packet[(blocksOffset + index * Length)..]);
    }

    /// <summary>Whether an SR or RR body holds the RC blocks its header announces after <paramref name="blocksOffset"/>.</summary>
    internal static bool FitInReport(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body, int blocksOffset) =>
        body.Length >= blocksOffset - RtcpHeader.Length + RtcpHeader.GetCount(packet) * Length;

    /// <summary>The profile-specific extension of an SR or RR: the body's bytes after its RC blocks.</summary>
    internal static ReadOnlySpan<byte> ReportProfileExtension(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body, int blocksOffset) =>
        body[(blocksOffset - RtcpHeader.Length + RtcpHeader.GetCount(packet) * Length)..];

    /// <summary>Reads a block from the first 24 bytes of <paramref name="source"/> (caller checks the size).</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lost = (source[5] << 16) | (source[6] << 8) | source[7];
        if ((lost & 0x80_0000) != 0) lost |= unchecked((int)0xFF00_0000); // sign-extend 24 bits
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>Writes the block; the cumulative loss is clamped to the 24-bit signed range.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        var lost = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
