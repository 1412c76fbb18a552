namespace Sfu.Core.Rtp;

/// <summary>The a=extmap URIs of the header extensions the SFU understands.</summary>
/// <remarks>RFC 8285 §5 (a=extmap); the individual specs are cited on <see cref="RtpExtensionKind"/>.</remarks>
public static class RtpExtensionUri
{
    /// <summary>MID.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /// <summary>RID (RtpStreamId).</summary>
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /// <summary>Repaired RID (RepairedRtpStreamId), carried by RTX.</summary>
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /// <summary>Absolute send time, 6.18 fixed-point seconds.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /// <summary>Transport-wide sequence number.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /// <summary>Client-to-mixer audio level.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /// <summary>Playout delay limits.</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    /// <summary>Video layers allocation.</summary>
    public const string VideoLayersAllocation = "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00";
    /// <summary>Transmission time offset.</summary>
    public const string TransmissionOffset = "urn:ietf:params:rtp-hdrext:toffset";
    /// <summary>Coordination of video orientation.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";
    /// <summary>AV1 dependency descriptor.</summary>
    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
    /// <summary>Absolute capture time.</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>The kind for a URI (ordinal comparison), or <see cref="RtpExtensionKind.None"/>.</summary>
    public static RtpExtensionKind ToKind(string uri) => uri switch
    {
        Mid => RtpExtensionKind.Mid,
        Rid => RtpExtensionKind.Rid,
        RepairedRid => RtpExtensionKind.RepairedRid,
        AbsSendTime => RtpExtensionKind.AbsSendTime,
        TransportWideCc => RtpExtensionKind.TransportWideCc,
        AudioLevel => RtpExtensionKind.AudioLevel,
        PlayoutDelay => RtpExtensionKind.PlayoutDelay,
        VideoLayersAllocation => RtpExtensionKind.VideoLayersAllocation,
        TransmissionOffset => RtpExtensionKind.TransmissionOffset,
        VideoOrientation => RtpExtensionKind.VideoOrientation,
        DependencyDescriptor => RtpExtensionKind.DependencyDescriptor,
        AbsCaptureTime => RtpExtensionKind.AbsCaptureTime,
        _ => RtpExtensionKind.None,
    };

    /// <summary>The URI for a kind, or null for <see cref="RtpExtensionKind.None"/>.</summary>
    public static string? FromKind(RtpExtensionKind kind) => kind switch
    {
        RtpExtensionKind.Mid => Mid,
        RtpExtensionKind.Rid => Rid,
        RtpExtensionKind.RepairedRid => RepairedRid,
        RtpExtensionKind.AbsSendTime => AbsSendTime,
        RtpExtensionKind.TransportWideCc => TransportWideCc,
        RtpExtensionKind.AudioLevel => AudioLevel,
        RtpExtensionKind.PlayoutDelay => PlayoutDelay,
        RtpExtensionKind.VideoLayersAllocation => VideoLayersAllocation,
        RtpExtensionKind.TransmissionOffset => TransmissionOffset,
        RtpExtensionKind.VideoOrientation => VideoOrientation,
        RtpExtensionKind.DependencyDescriptor => DependencyDescriptor,
        RtpExtensionKind.AbsCaptureTime => AbsCaptureTime,
        _ => null,
    };
}
