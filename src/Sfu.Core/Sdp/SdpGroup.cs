namespace Sfu.Core.Sdp;

/// <summary><c>a=group:&lt;semantics&gt; &lt;mid&gt;...</c> (RFC 5888 section 5); <c>BUNDLE</c> is RFC 8843.</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    /// <summary>The BUNDLE semantics (RFC 8843): all the listed sections share one transport.</summary>
    public const string Bundle = "BUNDLE";

    /// <summary>True for a BUNDLE group.</summary>
    public bool IsBundle => Semantics == Bundle;

    /// <summary>The text after <c>a=group:</c>.</summary>
    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(" ", Mids);
}
