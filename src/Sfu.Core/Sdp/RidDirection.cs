namespace Sfu.Core.Sdp;

/// <summary>The direction of an <c>a=rid</c> line (RFC 8851 section 4).</summary>
public enum RidDirection
{
    /// <summary>The author sends this RTP stream.</summary>
    Send,
    /// <summary>The author receives this RTP stream.</summary>
    Recv,
}
