namespace Sfu.Core.Sdp;

/// <summary>What the server puts in its own offers (LiveKit's subscriber side): ICE-lite credentials, fingerprint, codecs.</summary>
public sealed class SdpOfferOptions
{
    /// <summary>Server ICE username fragment (4-256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Server ICE password (22-256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>Fingerprint of the server's DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>The server's host candidates, written in every section with <c>a=end-of-candidates</c>.</summary>
    public IReadOnlyList<IceCandidate> Candidates { get; init; } = [];

    /// <summary>Video codecs offered for a track whose codec is not given, most preferred first.</summary>
    public IReadOnlyList<string> VideoCodecs { get; init; } = [CodecNames.Vp8, CodecNames.H264, CodecNames.Vp9, CodecNames.Av1];

    /// <summary>Offer RTX with each video codec (and signal the RTX SSRC with <c>a=ssrc-group:FID</c>).</summary>
    public bool VideoRtx { get; init; } = true;

    /// <summary>Offer RED over Opus for audio (RFC 2198), preferred over plain Opus.</summary>
    public bool AudioRed { get; init; }

    /// <summary>Offer <c>goog-remb</c> as well as transport-cc for video.</summary>
    public bool GoogRemb { get; init; }

    /// <summary>The data channel's SCTP port.</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary>The largest data-channel message the server accepts.</summary>
    public long MaxMessageSize { get; init; } = 262_144;

    /// <summary>The <c>o=</c> session id (digits), fixed for the life of the peer connection.</summary>
    public string SessionId { get; init; } = "1";
}
