namespace Sfu.Core.Feedback;

/// <summary>What the duplicate/loss tracker made of an arriving sequence number.</summary>
public enum PacketArrival
{
    /// <summary>Newer than every packet so far (possibly after a gap).</summary>
    InOrder,
    /// <summary>Older than the highest, filling a gap (reordered or retransmitted).</summary>
    Late,
    /// <summary>Seen before.</summary>
    Duplicate,
    /// <summary>Too old to tell (outside the tracking window).</summary>
    TooOld,
}
