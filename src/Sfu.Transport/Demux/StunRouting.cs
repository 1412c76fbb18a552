using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;

namespace Sfu.Transport.Demux;

/// <summary>How the shard finds the session of a STUN datagram from an address it does not know yet.</summary>
internal static class StunRouting
{
    /// <summary>
    /// The USERNAME of a Binding request, or false with a drop reason. Only Binding requests can start a
    /// session's traffic (RFC 8445 §7.3); indications and responses from an unknown address are dropped.
    /// </summary>
    public static bool TryGetRequestUsername(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> username, out PacketDropReason reason)
    {
        username = default;
        if (!StunMessageReader.TryParse(datagram, out var message, out reason)) return false;
        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            reason = PacketDropReason.UnsupportedKind;
            return false;
        }
        if (!message.TryGetUsername(out username) || username.IsEmpty)
        {
            reason = PacketDropReason.Malformed;
            return false;
        }
        reason = PacketDropReason.None;
        return true;
    }
}
