namespace Sfu.Core.Sdp;

/// <summary>The header-extension URIs WebRTC peers use, as they appear in <c>a=extmap</c>.</summary>
public static class HeaderExtensionUris
{
    /// <summary>Client-to-mixer audio level (RFC 6464).</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /// <summary>Absolute send time (webrtc.org, used by REMB).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /// <summary>The media section's mid (RFC 8843 section 15.1).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /// <summary>RtpStreamId, the rid (RFC 8852 section 3.1).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /// <summary>RepairedRtpStreamId, the rid an RTX stream repairs (RFC 8852 section 3.2).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /// <summary>AV1 dependency descriptor (also used for VP8/VP9/H.264 SVC by libwebrtc).</summary>
    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
    /// <summary>Video layers allocation (webrtc.org).</summary>
    public const string VideoLayersAllocation = "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00";
    /// <summary>Transmission time offset (RFC 5450).</summary>
    public const string TransmissionOffset = "urn:ietf:params:rtp-hdrext:toffset";
    /// <summary>Coordination of video orientation (3GPP TS 26.114).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";
    /// <summary>Playout delay (webrtc.org).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}
