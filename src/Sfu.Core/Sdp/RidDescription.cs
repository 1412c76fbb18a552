namespace Sfu.Core.Sdp;

/// <summary>
/// One <c>a=rid:&lt;id&gt; &lt;send|recv&gt; [restrictions]</c> line (RFC 8851 section 4). The id is what the
/// rtp-stream-id header extension carries on every packet of that simulcast layer.
/// </summary>
public sealed record RidDescription(string Id, RidDirection Direction, string? Restrictions = null)
{
    /// <summary>The text after <c>a=rid:</c>.</summary>
    public override string ToString()
    {
        var dir = Direction == RidDirection.Send ? "send" : "recv";
        return Restrictions is null ? $"{Id} {dir}" : $"{Id} {dir} {Restrictions}";
    }
}
