namespace Sfu.Core.Sdp;

/// <summary>
/// A line kept as written that the model does not interpret (<c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>,
/// <c>c=</c>, <c>b=</c>, <c>t=</c>, <c>r=</c>, <c>z=</c>, <c>k=</c>), so writing a parsed description back
/// loses nothing.
/// </summary>
public readonly record struct SdpLine(char Type, string Value, int LineNumber = 0)
{
    /// <summary>The line without its line ending.</summary>
    public override string ToString() => Type + "=" + Value;
}
