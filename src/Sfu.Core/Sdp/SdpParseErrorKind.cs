namespace Sfu.Core.Sdp;

/// <summary>Why a session description was refused. Values are stable (they name metrics and log events).</summary>
public enum SdpParseErrorKind
{
    /// <summary>No text at all.</summary>
    Empty = 1,
    /// <summary>The whole description is longer than <see cref="SdpLimits.MaxDescriptionLength"/>.</summary>
    TooLong,
    /// <summary>More lines than <see cref="SdpLimits.MaxLines"/>.</summary>
    TooManyLines,
    /// <summary>A line is longer than <see cref="SdpLimits.MaxLineLength"/>.</summary>
    LineTooLong,
    /// <summary>A control character (NUL, a lone CR, ...) inside a line.</summary>
    InvalidCharacter,
    /// <summary>A line is not <c>&lt;type&gt;=&lt;value&gt;</c>.</summary>
    MalformedLine,
    /// <summary>A type letter RFC 8866 does not define; section 5 says such a description must be ignored.</summary>
    UnknownLineType,
    /// <summary>A line where RFC 8866 section 5 does not allow it (e.g. <c>t=</c> inside a media section).</summary>
    LineOutOfOrder,
    /// <summary>The first line is not <c>v=</c>.</summary>
    MissingVersion,
    /// <summary><c>v=</c> is not 0.</summary>
    UnsupportedVersion,
    /// <summary>No <c>o=</c> line as the second line.</summary>
    MissingOrigin,
    /// <summary>The <c>o=</c> line does not have its six fields.</summary>
    MalformedOrigin,
    /// <summary>No <c>s=</c> line as the third line.</summary>
    MissingSessionName,
    /// <summary>No <c>t=</c> line at session level.</summary>
    MissingTiming,
    /// <summary>An <c>m=</c> line without media, port, protocol and at least one format.</summary>
    MalformedMediaLine,
    /// <summary>A port that is not a number in 0-65535.</summary>
    InvalidPort,
    /// <summary>A payload type that is not a number in 0-127.</summary>
    InvalidPayloadType,
    /// <summary>The same payload type twice on one <c>m=</c> line.</summary>
    DuplicatePayloadType,
    /// <summary>More media sections than <see cref="SdpLimits.MaxMediaSections"/>.</summary>
    TooManyMediaSections,
    /// <summary>More attribute lines in one section than <see cref="SdpLimits.MaxAttributesPerSection"/>.</summary>
    TooManyAttributes,
    /// <summary>An attribute whose value does not follow its grammar (the detail names it).</summary>
    MalformedAttribute,
    /// <summary>A single-valued attribute (mid, setup, ice-ufrag, ...) appears twice in one section.</summary>
    DuplicateAttribute,
    /// <summary><c>a=mid</c> is empty, too long or not a token.</summary>
    InvalidMid,
    /// <summary>Two media sections share one mid (RFC 5888 section 4).</summary>
    DuplicateMid,
    /// <summary><c>a=rtpmap</c> does not read <c>&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c>.</summary>
    MalformedRtpmap,
    /// <summary>Two <c>a=rtpmap</c> or two <c>a=fmtp</c> lines for one payload type.</summary>
    DuplicateCodecAttribute,
    /// <summary><c>a=fmtp</c> is malformed, or <c>apt=</c> is not a payload type.</summary>
    MalformedFmtp,
    /// <summary><c>a=rtcp-fb</c> is malformed (RFC 4585 section 4.2).</summary>
    MalformedRtcpFeedback,
    /// <summary><c>a=extmap</c> is malformed (RFC 8285 section 8).</summary>
    MalformedExtmap,
    /// <summary>An extension id outside 1-255, or one id (or one URI) mapped twice in a section.</summary>
    InvalidExtmapId,
    /// <summary>One extension id names two URIs in the same BUNDLE group (RFC 8843 section 9.1.2).</summary>
    ConflictingExtmap,
    /// <summary><c>a=ssrc</c> or <c>a=ssrc-group</c> is malformed (RFC 5576).</summary>
    MalformedSsrc,
    /// <summary><c>a=rid</c> is malformed or repeats an id (RFC 8851).</summary>
    MalformedRid,
    /// <summary><c>a=simulcast</c> is malformed or names a rid with no matching <c>a=rid</c> (RFC 8853).</summary>
    MalformedSimulcast,
    /// <summary><c>a=msid</c> is malformed (RFC 8830).</summary>
    MalformedMsid,
    /// <summary><c>a=candidate</c> is malformed (RFC 8839 section 5.1).</summary>
    MalformedCandidate,
    /// <summary><c>a=fingerprint</c> is malformed (RFC 8122 section 5).</summary>
    MalformedFingerprint,
    /// <summary><c>a=ice-ufrag</c> / <c>a=ice-pwd</c> break RFC 8839 (length 4-256 / 22-256, ice-chars).</summary>
    InvalidIceCredentials,
    /// <summary><c>a=setup</c> is not actpass, active, passive or holdconn (RFC 4145).</summary>
    InvalidSetup,
    /// <summary>Two direction attributes in one section.</summary>
    ConflictingDirection,
    /// <summary><c>a=group</c> is malformed or names a mid no section has (RFC 5888).</summary>
    MalformedGroup,
    /// <summary><c>a=sctp-port</c>, <c>a=max-message-size</c> or <c>a=sctpmap</c> is malformed (RFC 8841).</summary>
    MalformedSctp,
    /// <summary>A bug in this parser turned into a result instead of an exception. Tests assert it never happens.</summary>
    InternalError,
}
