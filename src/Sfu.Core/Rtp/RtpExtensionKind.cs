namespace Sfu.Core.Rtp;

/// <summary>Header extensions the SFU understands, independent of the id a peer negotiated for them.</summary>
/// <remarks>RFC 8285 §5: ids are negotiated per session with a=extmap, so code addresses extensions by kind and asks <see cref="RtpHeaderExtensionMap"/> for the id.</remarks>
public enum RtpExtensionKind
{
    /// <summary>Not an extension this server knows.</summary>
    None = 0,
    /// <summary>urn:ietf:params:rtp-hdrext:sdes:mid (RFC 8843 §15.2).</summary>
    Mid,
    /// <summary>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id (RFC 8852 §3.1).</summary>
    Rid,
    /// <summary>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id (RFC 8852 §3.2).</summary>
    RepairedRid,
    /// <summary>http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time.</summary>
    AbsSendTime,
    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01.</summary>
    TransportWideCc,
    /// <summary>urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464).</summary>
    AudioLevel,
    /// <summary>http://www.webrtc.org/experiments/rtp-hdrext/playout-delay.</summary>
    PlayoutDelay,
    /// <summary>http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00.</summary>
    VideoLayersAllocation,
    /// <summary>urn:ietf:params:rtp-hdrext:toffset (RFC 5450).</summary>
    TransmissionOffset,
    /// <summary>urn:3gpp:video-orientation.</summary>
    VideoOrientation,
    /// <summary>AV1 dependency descriptor.</summary>
    DependencyDescriptor,
    /// <summary>http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time.</summary>
    AbsCaptureTime,
}
