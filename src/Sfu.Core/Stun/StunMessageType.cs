namespace Sfu.Core.Stun;

/// <summary>Packs and unpacks the 14-bit STUN message type (method bits interleaved with the two class bits).</summary>
/// <remarks>
/// RFC 8489 §5, figure 3:
/// <code>
///   0                 1
///   2  3  4 5 6 7 8 9 0 1 2 3 4 5
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
///  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
///  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class StunMessageType
{
    /// <summary>Binding request (0x0001).</summary>
    public const ushort BindingRequest = 0x0001;
    /// <summary>Binding indication (0x0011), used by ICE for keep-alives.</summary>
    public const ushort BindingIndication = 0x0011;
    /// <summary>Binding success response (0x0101).</summary>
    public const ushort BindingSuccessResponse = 0x0101;
    /// <summary>Binding error response (0x0111).</summary>
    public const ushort BindingErrorResponse = 0x0111;

    private const int ClassBit0 = 0x0010;
    private const int ClassBit1 = 0x0100;

    /// <summary>The message type for a method and class.</summary>
    public static ushort Compose(StunMethod method, StunClass messageClass)
    {
        var m = (int)method & 0x0FFF;
        var c = (int)messageClass;
        var type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2);
        if ((c & 1) != 0) type |= ClassBit0;
        if ((c & 2) != 0) type |= ClassBit1;
        return (ushort)type;
    }

    /// <summary>The class bits of a message type.</summary>
    public static StunClass GetClass(ushort messageType) =>
        (StunClass)(((messageType & ClassBit0) >> 4) | ((messageType & ClassBit1) >> 7));

    /// <summary>The 12-bit method of a message type (may be a method this enum does not name).</summary>
    public static StunMethod GetMethod(ushort messageType) =>
        (StunMethod)((messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2));
}
