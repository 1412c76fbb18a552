namespace Sfu.Core.Feedback;

/// <summary>One reception report block of an SR or RR.</summary>
/// <remarks>RFC 3550 §6.4.1: fraction lost (8 bits), cumulative lost (24 bits, signed), extended highest
/// sequence number, interarrival jitter, LSR and DLSR (16.16 seconds).</remarks>
public readonly record struct ReportBlock(uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequence,
    uint Jitter, uint LastSenderReport, uint DelaySinceLastSenderReport);
