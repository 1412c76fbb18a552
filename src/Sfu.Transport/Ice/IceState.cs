namespace Sfu.Transport.Ice;

/// <summary>The ICE-lite agent's state.</summary>
/// <remarks>
/// <code>
///   New --valid request--> Connected --no valid request for the consent timeout--> Failed
///    |                                                                   ^
///    +------------------ no valid request for the consent timeout -------+
///   any --Close--> Closed
/// </code>
/// RFC 8445 §6.1.3 (a lite agent has no checklist), RFC 7675 §5.1 (consent expiry ends the session).
/// </remarks>
public enum IceState
{
    /// <summary>No authenticated request yet.</summary>
    New,
    /// <summary>At least one address validated; a pair is selected.</summary>
    Connected,
    /// <summary>Consent expired (or never obtained): the session must close.</summary>
    Failed,
    /// <summary>Closed by its owner.</summary>
    Closed,
}
