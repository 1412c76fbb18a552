namespace Sfu.Core.Stun;

/// <summary>STUN methods this server deals with.</summary>
/// <remarks>RFC 8489 §18.2 (Binding). ICE (RFC 8445 §7) uses only Binding.</remarks>
public enum StunMethod
{
    /// <summary>Binding (0x001): connectivity checks and consent freshness.</summary>
    Binding = 0x001,
}
