namespace Sfu.Core.Sdp;

/// <summary>
/// One <c>a=extmap</c> (RFC 8285 section 8): the id this session uses on the wire for an extension URI. Ids
/// are always read from the remote description: browsers renumber them between offers.
/// </summary>
public sealed record HeaderExtension(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null)
{
    /// <summary>The text after <c>a=extmap:</c>.</summary>
    public override string ToString()
    {
        var id = Direction is { } d ? Id + "/" + SdpText.DirectionName(d) : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Attributes is null ? id + " " + Uri : id + " " + Uri + " " + Attributes;
    }
}
