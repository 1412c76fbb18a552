namespace Sfu.Core.Sdp;

/// <summary>
/// One <c>a=rtcp-fb</c> entry for a payload type (RFC 4585 section 4.2): e.g. <c>nack</c>, <c>nack pli</c>,
/// <c>ccm fir</c>, <c>transport-cc</c>, <c>goog-remb</c>. <see cref="Parameter"/> is null when absent.
/// </summary>
public readonly record struct RtcpFeedback(string Type, string? Parameter = null)
{
    /// <summary>Generic NACK (RFC 4585 section 6.2.1).</summary>
    public static readonly RtcpFeedback Nack = new("nack");
    /// <summary>Picture loss indication (RFC 4585 section 6.3.1).</summary>
    public static readonly RtcpFeedback NackPli = new("nack", "pli");
    /// <summary>Full intra request (RFC 5104 section 4.3.1).</summary>
    public static readonly RtcpFeedback CcmFir = new("ccm", "fir");
    /// <summary>Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public static readonly RtcpFeedback TransportCc = new("transport-cc");
    /// <summary>Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb).</summary>
    public static readonly RtcpFeedback GoogRemb = new("goog-remb");

    /// <summary>The text after <c>a=rtcp-fb:&lt;pt&gt; </c>.</summary>
    public override string ToString() => Parameter is null ? Type : Type + " " + Parameter;
}
