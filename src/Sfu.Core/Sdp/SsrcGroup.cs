namespace Sfu.Core.Sdp;

/// <summary>
/// <c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;...</c> (RFC 5576 section 4.2). <c>FID</c> pairs a media SSRC
/// with its RTX SSRC (RFC 4588 section 8.1); <c>SIM</c> lists simulcast SSRCs from lowest to highest layer.
/// </summary>
public sealed record SsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <summary>Flow identification: media SSRC then its RTX SSRC.</summary>
    public const string Fid = "FID";
    /// <summary>Simulcast SSRCs.</summary>
    public const string Sim = "SIM";

    /// <summary>The text after <c>a=ssrc-group:</c>.</summary>
    public override string ToString() => Semantics + " " + string.Join(" ", Ssrcs);
}
