namespace Sfu.Core.Sdp;

/// <summary>The <c>&lt;media&gt;</c> field of an <c>m=</c> line (RFC 8866 section 5.14).</summary>
public enum MediaKind
{
    /// <summary>Any media type this server does not handle (text, message, ...). Such sections are rejected in answers.</summary>
    Other = 0,
    /// <summary><c>m=audio</c></summary>
    Audio,
    /// <summary><c>m=video</c></summary>
    Video,
    /// <summary><c>m=application</c> (the data channel, RFC 8841).</summary>
    Application,
}
