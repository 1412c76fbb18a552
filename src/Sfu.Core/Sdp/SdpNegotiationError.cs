namespace Sfu.Core.Sdp;

/// <summary>A negotiation failure: the kind, the mid concerned (when one is) and a human-readable reason. Returned, never thrown.</summary>
public sealed record SdpNegotiationError(SdpNegotiationErrorKind Kind, string? Mid, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => Mid is null ? $"{Kind}: {Reason}" : $"{Kind} (mid {Mid}): {Reason}";
}
