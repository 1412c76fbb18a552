namespace Sfu.Core.Stun;

/// <summary>The class of a STUN message (the C1 and C0 bits of the message type).</summary>
/// <remarks>RFC 8489 §5: 0b00 request, 0b01 indication, 0b10 success response, 0b11 error response.</remarks>
public enum StunClass
{
    /// <summary>A request (expects a response).</summary>
    Request = 0,
    /// <summary>An indication (no response).</summary>
    Indication = 1,
    /// <summary>A success response.</summary>
    SuccessResponse = 2,
    /// <summary>An error response (carries ERROR-CODE).</summary>
    ErrorResponse = 3,
}
