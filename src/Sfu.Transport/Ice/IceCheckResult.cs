namespace Sfu.Transport.Ice;

/// <summary>What the agent did with one incoming STUN datagram.</summary>
public enum IceCheckResult
{
    /// <summary>Dropped without a reply (see the drop reason).</summary>
    Dropped,
    /// <summary>Authenticated: a success response was written.</summary>
    Success,
    /// <summary>Rejected: an error response (400, 401, 420 or 487) was written, never larger than the request.</summary>
    Error,
}
