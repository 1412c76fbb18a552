namespace Sfu.Core.Rtcp;

/// <summary>One packet's entry in a transport-cc feedback: its transport-wide sequence number and, if received, its arrival delta.</summary>
/// <remarks>draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.4: deltas are relative to the previous received packet, the first to the reference time.</remarks>
/// <param name="SequenceNumber">Transport-wide sequence number.</param>
/// <param name="Received">False when the packet was reported lost.</param>
/// <param name="DeltaTicks">Arrival time minus the previous received packet's (or the reference time), in 250 µs ticks.</param>
public readonly record struct RtcpTransportFeedbackPacket(ushort SequenceNumber, bool Received, int DeltaTicks)
{
    /// <summary>Microseconds per delta tick.</summary>
    public const int TickMicroseconds = 250;
}
