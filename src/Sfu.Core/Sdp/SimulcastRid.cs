namespace Sfu.Core.Sdp;

/// <summary>One rid in an <c>a=simulcast</c> list; <see cref="Paused"/> is the <c>~</c> prefix (RFC 8853 section 5.1).</summary>
public readonly record struct SimulcastRid(string Id, bool Paused = false)
{
    /// <summary>As written in the attribute.</summary>
    public override string ToString() => Paused ? "~" + Id : Id;
}
