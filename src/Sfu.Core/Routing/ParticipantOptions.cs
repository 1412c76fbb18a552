namespace Sfu.Core.Routing;

/// <summary>Per-participant settings given when the participant joins.</summary>
public sealed class ParticipantOptions
{
    /// <summary>The SSRC the SFU uses as sender of RTCP on this participant's transport (RFC 3550 §6.4.2).</summary>
    public uint FeedbackSsrc { get; init; } = 1;

    /// <summary>The publisher transport negotiated transport-wide-cc (RTCP feedback is sent only then).</summary>
    public bool TransportCc { get; init; } = true;
}
