namespace Sfu.Core.Stun;

/// <summary>The family byte of (XOR-)MAPPED-ADDRESS.</summary>
/// <remarks>RFC 8489 §14.1: 0x01 IPv4, 0x02 IPv6.</remarks>
public enum StunAddressFamily : byte
{
    /// <summary>Not an address (never on the wire).</summary>
    None = 0,
    /// <summary>IPv4, 4 address bytes.</summary>
    IPv4 = 0x01,
    /// <summary>IPv6, 16 address bytes.</summary>
    IPv6 = 0x02,
}
