namespace Sfu.Core.Sdp;

/// <summary>
/// The direction attribute of a media section (RFC 8866 section 6.7), always from the point of view of the
/// description's author.
/// </summary>
public enum MediaDirection
{
    /// <summary><c>a=sendrecv</c>, also the default when no direction attribute is present.</summary>
    SendRecv = 0,
    /// <summary><c>a=sendonly</c></summary>
    SendOnly,
    /// <summary><c>a=recvonly</c></summary>
    RecvOnly,
    /// <summary><c>a=inactive</c></summary>
    Inactive,
}
