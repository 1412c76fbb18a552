namespace Sfu.Core.Stun;

/// <summary>STUN attribute types used by ICE and by this server.</summary>
/// <remarks>
/// RFC 8489 §18.3 (STUN), RFC 8445 §16.1 (ICE). Types below 0x8000 are comprehension-required: a request
/// carrying one the agent does not understand is answered with 420 (RFC 8489 §7.3.1). Types from 0x8000
/// are comprehension-optional and are ignored when unknown (e.g. Chromium's GOOG-NETWORK-INFO 0xC057).
/// </remarks>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    MappedAddress = 0x0001,
    /// <summary>USERNAME (RFC 8489 §14.3); for ICE "remote-ufrag:local-ufrag" (RFC 8445 §7.2.2).</summary>
    Username = 0x0006,
    /// <summary>MESSAGE-INTEGRITY, HMAC-SHA1 (RFC 8489 §14.5).</summary>
    MessageIntegrity = 0x0008,
    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,
    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    UnknownAttributes = 0x000A,
    /// <summary>REALM (RFC 8489 §14.9).</summary>
    Realm = 0x0014,
    /// <summary>NONCE (RFC 8489 §14.10).</summary>
    Nonce = 0x0015,
    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).</summary>
    MessageIntegritySha256 = 0x001C,
    /// <summary>PASSWORD-ALGORITHM (RFC 8489 §14.12).</summary>
    PasswordAlgorithm = 0x001D,
    /// <summary>USERHASH (RFC 8489 §14.4).</summary>
    UserHash = 0x001E,
    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    XorMappedAddress = 0x0020,
    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    Priority = 0x0024,
    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2), empty value.</summary>
    UseCandidate = 0x0025,
    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 §14.11).</summary>
    PasswordAlgorithms = 0x8002,
    /// <summary>ALTERNATE-DOMAIN (RFC 8489 §14.16).</summary>
    AlternateDomain = 0x8003,
    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    Software = 0x8022,
    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
    AlternateServer = 0x8023,
    /// <summary>FINGERPRINT, CRC-32 xor 0x5354554E (RFC 8489 §14.7).</summary>
    Fingerprint = 0x8028,
    /// <summary>ICE-CONTROLLED, 64-bit tie-breaker (RFC 8445 §7.1.3).</summary>
    IceControlled = 0x8029,
    /// <summary>ICE-CONTROLLING, 64-bit tie-breaker (RFC 8445 §7.1.3).</summary>
    IceControlling = 0x802A,
    /// <summary>GOOG-NETWORK-INFO (Chromium, comprehension-optional; ignored).</summary>
    GoogNetworkInfo = 0xC057,
}
