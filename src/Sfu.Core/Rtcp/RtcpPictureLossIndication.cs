using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>Picture loss indication (PSFB, FMT 1): "send a keyframe", no FCI.</summary>
/// <remarks>RFC 4585 §6.3.1. Fixed 12 bytes.</remarks>
public readonly ref struct RtcpPictureLossIndication
{
    /// <summary>Packet size.</summary>
    public const int Length = RtcpFeedbackHeader.Length;

    private readonly ReadOnlySpan<byte> _packet;

    private RtcpPictureLossIndication(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc => RtcpFeedbackHeader.GetSenderSsrc(_packet);

    /// <summary>SSRC of the stream that needs a keyframe.</summary>
    public uint MediaSsrc => RtcpFeedbackHeader.GetMediaSsrc(_packet);

    /// <summary>Validates one PLI packet (header included). Extra FCI bytes are tolerated and ignored.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpPictureLossIndication pli, out PacketDropReason reason)
    {
        pli = default;
        if (!RtcpFeedbackHeader.TryGetFci(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, out _, out reason)) return false;
        pli = new RtcpPictureLossIndication(packet);
        return true;
    }

    /// <summary>Writes a PLI; returns its length (12).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}
