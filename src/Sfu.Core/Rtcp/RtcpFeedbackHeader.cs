using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>The common part of RTPFB/PSFB feedback messages: header, sender SSRC, media SSRC, then the FCI.</summary>
/// <remarks>
/// RFC 4585 §6.1:
/// <code>
/// |V=2|P|   FMT   |       PT      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </remarks>
public static class RtcpFeedbackHeader
{
    /// <summary>Header plus the two SSRCs.</summary>
    public const int Length = RtcpHeader.Length + 8;

    /// <summary>Offset of the sender SSRC.</summary>
    public const int SenderSsrcOffset = RtcpHeader.Length;

    /// <summary>Offset of the media SSRC.</summary>
    public const int MediaSsrcOffset = RtcpHeader.Length + 4;

    /// <summary>Checks type and FMT and returns the FCI (without padding).</summary>
    public static bool TryGetFci(ReadOnlySpan<byte> packet, RtcpPacketType type, int format, out ReadOnlySpan<byte> fci, out PacketDropReason reason)
    {
        fci = default;
        if (!RtcpHeader.TryGetBody(packet, type, out var body, out reason)) return false;
        if (RtcpHeader.GetCount(packet) != format)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        if (body.Length < Length - RtcpHeader.Length)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        fci = body[(Length - RtcpHeader.Length)..];
        return true;
    }

    /// <summary>Writes the header and both SSRCs for a packet of <paramref name="packetLength"/> bytes.</summary>
    public static void Write(Span<byte> destination, RtcpPacketType type, int format, int packetLength, uint senderSsrc, uint mediaSsrc, bool padding = false)
    {
        RtcpHeader.EnsureRoom(destination, packetLength);
        RtcpHeader.Write(destination, format, type, packetLength, padding);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SenderSsrcOffset..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[MediaSsrcOffset..], mediaSsrc);
    }

    /// <summary>The sender SSRC of a validated feedback packet.</summary>
    public static uint GetSenderSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[SenderSsrcOffset..]);

    /// <summary>The media SSRC of a validated feedback packet.</summary>
    public static uint GetMediaSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[MediaSsrcOffset..]);
}
