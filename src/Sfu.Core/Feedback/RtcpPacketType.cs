namespace Sfu.Core.Feedback;

/// <summary>RTCP packet types the engine reads and writes.</summary>
/// <remarks>RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2.</remarks>
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
    /// <summary>Transport-layer feedback (NACK fmt 1, transport-cc fmt 15).</summary>
    TransportFeedback = 205,
    /// <summary>Payload-specific feedback (PLI fmt 1, FIR fmt 4, REMB fmt 15).</summary>
    PayloadFeedback = 206,
    /// <summary>Extended reports.</summary>
    ExtendedReport = 207,
}
