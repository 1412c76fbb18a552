namespace Sfu.Core.Routing;

/// <summary>Outcome of a <see cref="SeqRewriter"/> decision.</summary>
public enum SeqResult
{
    /// <summary>Send with the returned output sequence number.</summary>
    Mapped,
    /// <summary>Send nothing (too old, already sent, or dropped before any output was reserved for it).</summary>
    Reject,
    /// <summary>Nothing to forward, but an output number was reserved for it: fill it (padding) so no gap stays.</summary>
    FillHole,
}
