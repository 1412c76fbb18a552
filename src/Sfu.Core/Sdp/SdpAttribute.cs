namespace Sfu.Core.Sdp;

/// <summary>
/// One <c>a=</c> line as written: <c>a=name</c> (a property attribute, <see cref="Value"/> null) or
/// <c>a=name:value</c>. <see cref="LineNumber"/> is the 1-based line it came from (0 when built in code).
/// </summary>
public sealed record SdpAttribute(string Name, string? Value, int LineNumber = 0)
{
    /// <summary>The text after <c>a=</c>.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
