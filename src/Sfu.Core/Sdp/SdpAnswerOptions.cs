namespace Sfu.Core.Sdp;

/// <summary>What the server puts in its answers: its ICE-lite credentials and candidates, DTLS fingerprint and role, and codec policy.</summary>
public sealed class SdpAnswerOptions
{
    /// <summary>Server ICE username fragment (4-256 ice-chars; the transport routes the first STUN request by it).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Server ICE password (22-256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>Fingerprint of the server's DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>The server's host candidates (UDP and ICE-TCP), written with <c>a=end-of-candidates</c>.</summary>
    public IReadOnlyList<IceCandidate> Candidates { get; init; } = [];

    /// <summary>
    /// The role taken when the offer says <c>actpass</c>: <see cref="DtlsSetup.Passive"/> (default; the server is
    /// the DTLS server, the path docs/dtls-notes.md proved against Chromium) or <see cref="DtlsSetup.Active"/>.
    /// </summary>
    public DtlsSetup SetupRole { get; init; } = DtlsSetup.Passive;

    /// <summary>Video codecs accepted, most preferred first (encoding names, case-insensitive). Codecs not listed are left out of answers.</summary>
    public IReadOnlyList<string> VideoCodecPreference { get; init; } = [CodecNames.Vp8, CodecNames.H264, CodecNames.Vp9, CodecNames.Av1];

    /// <summary>Keep RED (RFC 2198) for Opus when the offer has it, preferred over plain Opus. Off unless configured.</summary>
    public bool AudioRed { get; init; }

    /// <summary>Keep RTX (RFC 4588) payload types for accepted video codecs.</summary>
    public bool VideoRtx { get; init; } = true;

    /// <summary>RTCP feedback kept for video when offered.</summary>
    public IReadOnlyList<RtcpFeedback> VideoFeedback { get; init; } =
        [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli];

    /// <summary>RTCP feedback kept for audio when offered.</summary>
    public IReadOnlyList<RtcpFeedback> AudioFeedback { get; init; } = [RtcpFeedback.TransportCc, RtcpFeedback.Nack];

    /// <summary>Header extensions kept for audio when offered (with the offer's ids).</summary>
    public IReadOnlyList<string> AudioHeaderExtensions { get; init; } =
        [HeaderExtensionUris.AudioLevel, HeaderExtensionUris.AbsSendTime, HeaderExtensionUris.TransportWideCc, HeaderExtensionUris.Mid];

    /// <summary>Header extensions kept for video when offered (with the offer's ids).</summary>
    public IReadOnlyList<string> VideoHeaderExtensions { get; init; } =
    [
        HeaderExtensionUris.AbsSendTime, HeaderExtensionUris.TransportWideCc, HeaderExtensionUris.Mid,
        HeaderExtensionUris.RtpStreamId, HeaderExtensionUris.RepairedRtpStreamId, HeaderExtensionUris.DependencyDescriptor,
    ];

    /// <summary>Echo <c>a=extmap-allow-mixed</c> when offered. Off: peers then send only one-byte extension headers (as in the captures).</summary>
    public bool ExtmapAllowMixed { get; init; }

    /// <summary>Accept one data-channel section (<c>m=application ... webrtc-datachannel</c>).</summary>
    public bool AcceptDataChannel { get; init; } = true;

    /// <summary>The server's SCTP port (RFC 8841 section 5).</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary>The largest data-channel message the server accepts (RFC 8841 section 6).</summary>
    public long MaxMessageSize { get; init; } = 262_144;

    /// <summary>
    /// Tracks the server sends on sections the peer offered as recvonly or sendrecv (LiveKit single-PC mode),
    /// by mid. A recvonly section with no track here is answered inactive.
    /// </summary>
    public IReadOnlyDictionary<string, OutgoingTrack> SendTracks { get; init; } = new Dictionary<string, OutgoingTrack>();

    /// <summary>The <c>o=</c> session id (digits). Keep it for the life of the peer connection.</summary>
    public string SessionId { get; init; } = "1";

    /// <summary>The <c>o=</c> session version (digits); increase it on every new answer of the session (RFC 8866 section 5.2).</summary>
    public ulong SessionVersion { get; init; } = 2;
}
