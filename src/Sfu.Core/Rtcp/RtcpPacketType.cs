namespace Sfu.Core.Rtcp;

/// <summary>RTCP packet types (the second header byte).</summary>
/// <remarks>RFC 3550 §12.1 (200-204), RFC 4585 §6.1 (205, 206), RFC 3611 §2 (207).</remarks>
public enum RtcpPacketType : byte
{
    /// <summary>Sender report.</summary>
    SenderReport = 200,
    /// <summary>Receiver report.</summary>
    ReceiverReport = 201,
    /// <summary>Source description.</summary>
    SourceDescription = 202,
    /// <summary>Goodbye.</summary>
    Bye = 203,
    /// <summary>Application-defined.</summary>
    App = 204,
    /// <summary>Transport-layer feedback (NACK, transport-cc).</summary>
    TransportFeedback = 205,
    /// <summary>Payload-specific feedback (PLI, FIR, REMB).</summary>
    PayloadFeedback = 206,
    /// <summary>Extended report.</summary>
    ExtendedReport = 207,
}
