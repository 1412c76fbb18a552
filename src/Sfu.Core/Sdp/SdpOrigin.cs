namespace Sfu.Core.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 section 5.2): <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4 &lt;address&gt;</c>.
/// The numbers are kept as the digits written: libwebrtc writes 19-digit session ids, and nothing computes with them.
/// </summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The value after <c>o=</c>.</summary>
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
