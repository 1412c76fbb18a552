namespace Sfu.Core.Rtcp;

/// <summary>The FMT values (count field) of the feedback messages this server reads and writes.</summary>
/// <remarks>RFC 4585 §6.2-§6.3, RFC 5104 §4.3.1, draft-alvestrand-rmcat-remb-03, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</remarks>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB generic NACK.</summary>
    public const int GenericNack = 1;
    /// <summary>RTPFB transport-wide congestion control feedback.</summary>
    public const int TransportCc = 15;
    /// <summary>PSFB picture loss indication.</summary>
    public const int PictureLossIndication = 1;
    /// <summary>PSFB full intra request.</summary>
    public const int FullIntraRequest = 4;
    /// <summary>PSFB application layer feedback (REMB uses it with the "REMB" identifier).</summary>
    public const int ApplicationLayer = 15;
}
