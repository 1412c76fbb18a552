namespace Sfu.Core.Sdp;

/// <summary>Why an answer could not be made, or an offer/answer pair does not fit together.</summary>
public enum SdpNegotiationErrorKind
{
    /// <summary>The offer has no BUNDLE group; this server runs every section over one transport (RFC 8843).</summary>
    NoBundle = 1,
    /// <summary>No ICE username fragment or password for the bundled transport.</summary>
    NoIceCredentials,
    /// <summary>No DTLS fingerprint for the bundled transport (RFC 5763 section 5: without it DTLS-SRTP is unauthenticated).</summary>
    NoFingerprint,
    /// <summary>The setup roles cannot produce one DTLS client and one server (RFC 4145, RFC 5763 section 5).</summary>
    InvalidSetup,
    /// <summary>The answer does not match the offer section by section (count, order, kind or mid; RFC 9429 section 5.3.1).</summary>
    SectionMismatch,
    /// <summary>The answer uses a payload type the offer did not list for that section.</summary>
    UnofferedPayloadType,
    /// <summary>The answer maps a header extension the offer did not offer with that id (RFC 8285 section 7).</summary>
    UnofferedExtension,
    /// <summary>The options or a track given to the answerer or offer builder are invalid.</summary>
    InvalidOptions,
}
