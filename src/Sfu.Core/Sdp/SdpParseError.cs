namespace Sfu.Core.Sdp;

/// <summary>
/// Why a session description could not be parsed: the 1-based line it failed on (0 when the failure is not
/// tied to one line), the kind and a short human-readable reason. Returned, never thrown.
/// </summary>
public sealed record SdpParseError(int LineNumber, SdpParseErrorKind Kind, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() =>
        LineNumber > 0 ? $"SDP line {LineNumber}: {Kind}: {Reason}" : $"SDP: {Kind}: {Reason}";
}
