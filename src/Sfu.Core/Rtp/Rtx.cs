using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtp;

/// <summary>RTX retransmission payload format: wrap a packet for retransmission, and unwrap a received one.</summary>
/// <remarks>
/// RFC 4588 §4: an RTX packet has its own SSRC, sequence number space and payload type; its payload is the
/// original sequence number (OSN, 16 bits) followed by the original payload. The header (with its
/// extensions) and the timestamp are the original's. Padding is not carried over: the copy is written with
/// the P bit clear, because padding belongs to the packet that carried it (Chromium's probe padding on RTX
/// must not end up in a repaired media packet).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP Header                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            OSN                |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
/// |                  Original RTP Packet Payload                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class Rtx
{
    /// <summary>Size of the original sequence number field.</summary>
    public const int OsnLength = 2;

    private const byte PaddingBit = 0x20;

    /// <summary>Bytes needed to encapsulate <paramref name="original"/>.</summary>
    public static int GetEncapsulatedLength(in RtpPacketView original) => original.HeaderLength + OsnLength + original.PayloadLength;

    /// <summary>
    /// Writes the RTX form of <paramref name="original"/> into <paramref name="destination"/> (which must not
    /// overlap it); false when it does not fit. <paramref name="written"/> is the RTX packet length.
    /// </summary>
    public static bool TryEncapsulate(in RtpPacketView original, byte rtxPayloadType, uint rtxSsrc, ushort rtxSequenceNumber,
        Span<byte> destination, out int written)
    {
        written = 0;
        var length = GetEncapsulatedLength(original);
        if (destination.Length < length) return false;
        var packet = original.Packet;
        packet[..original.HeaderLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[original.HeaderLength..], original.SequenceNumber);
        original.Payload.CopyTo(destination[(original.HeaderLength + OsnLength)..]);
        RewriteHeader(destination, rtxPayloadType, rtxSequenceNumber, rtxSsrc);
        written = length;
        return true;
    }

    /// <summary>
    /// Restores the original packet from an RTX packet into <paramref name="destination"/> (no overlap):
    /// sequence number from the OSN, the original payload type and SSRC. Fails for padding-only RTX packets
    /// (no OSN: <see cref="PacketDropReason.PaddingOnly"/>) and payloads shorter than the OSN.
    /// </summary>
    public static bool TryDecapsulate(in RtpPacketView rtx, byte originalPayloadType, uint originalSsrc,
        Span<byte> destination, out int written, out PacketDropReason reason)
    {
        written = 0;
        if (rtx.PayloadLength < OsnLength)
        {
            reason = rtx.IsPaddingOnly ? PacketDropReason.PaddingOnly : PacketDropReason.TooShort;
            return false;
        }
        var length = rtx.HeaderLength + rtx.PayloadLength - OsnLength;
        if (destination.Length < length)
        {
            reason = PacketDropReason.Overflow;
            return false;
        }
        var payload = rtx.Payload;
        var osn = BinaryPrimitives.ReadUInt16BigEndian(payload);
        rtx.Packet[..rtx.HeaderLength].CopyTo(destination);
        payload[OsnLength..].CopyTo(destination[rtx.HeaderLength..]);
        RewriteHeader(destination, originalPayloadType, osn, originalSsrc);
        written = length;
        reason = PacketDropReason.None;
        return true;
    }

    /// <summary>The OSN of an RTX packet without copying anything.</summary>
    public static bool TryReadOriginalSequenceNumber(in RtpPacketView rtx, out ushort osn)
    {
        osn = 0;
        if (rtx.PayloadLength < OsnLength) return false;
        osn = BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload);
        return true;
    }

    private static void RewriteHeader(Span<byte> packet, byte payloadType, ushort sequenceNumber, uint ssrc)
    {
        packet[0] = (byte)(packet[0] & ~PaddingBit);
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }
}
