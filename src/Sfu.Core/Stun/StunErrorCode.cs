namespace Sfu.Core.Stun;

/// <summary>ERROR-CODE values used by ICE, and the attribute's fixed layout.</summary>
/// <remarks>
/// RFC 8489 §14.8: 21 reserved bits, a 3-bit class (hundreds) and an 8-bit number (0-99), then a UTF-8
/// reason phrase. RFC 8445 §7.3.1.1 adds 487 (role conflict).
/// </remarks>
public static class StunErrorCode
{
    /// <summary>Bytes before the reason phrase.</summary>
    public const int HeaderLength = 4;
    /// <summary>400 Bad Request.</summary>
    public const int BadRequest = 400;
    /// <summary>401 Unauthenticated (integrity missing or wrong).</summary>
    public const int Unauthenticated = 401;
    /// <summary>420 Unknown Attribute (with UNKNOWN-ATTRIBUTES).</summary>
    public const int UnknownAttribute = 420;
    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;
    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;
}
