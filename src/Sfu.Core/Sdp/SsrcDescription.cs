namespace Sfu.Core.Sdp;

/// <summary>
/// Everything <c>a=ssrc:&lt;ssrc&gt; ...</c> lines say about one SSRC (RFC 5576 section 4.1): its CNAME and the
/// legacy per-SSRC msid. <see cref="Attributes"/> keeps every attribute of the SSRC in order.
/// </summary>
public sealed record SsrcDescription(uint Ssrc, string? Cname, string? MsidStream, string? MsidTrack, IReadOnlyList<SdpAttribute> Attributes);
