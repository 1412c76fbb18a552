namespace Sfu.Core.Sdp;

/// <summary>
/// The <c>a=simulcast</c> attribute (RFC 8853 section 5.1): for each direction, a list of simulcast streams,
/// each a list of alternative rids (usually one). <c>send q;h;f</c> is three streams of one rid each.
/// </summary>
public sealed record SimulcastDescription(IReadOnlyList<IReadOnlyList<SimulcastRid>> Send, IReadOnlyList<IReadOnlyList<SimulcastRid>> Receive)
{
    /// <summary>The text after <c>a=simulcast:</c>.</summary>
    public override string ToString()
    {
        static string List(IReadOnlyList<IReadOnlyList<SimulcastRid>> streams) =>
            string.Join(";", streams.Select(alternatives => string.Join(",", alternatives)));
        var parts = new List<string>(2);
        if (Send.Count > 0) parts.Add("send " + List(Send));
        if (Receive.Count > 0) parts.Add("recv " + List(Receive));
        return string.Join(" ", parts);
    }
}
