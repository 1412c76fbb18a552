using Sfu.Core.Sctp.DataChannels;

namespace Sfu.Transport.Peer;

/// <summary>
/// Implemented by an <see cref="IPeerMediaHandler"/> that also wants the transport's data channels (SCTP over
/// DTLS, RFC 8261 and RFC 8831). Every call comes on the owning shard's thread; <c>data</c> is the handler's
/// to keep. <see cref="WebRtcTransport.DataChannels"/> opens and sends.
/// </summary>
public interface IPeerDataHandler
{
    /// <summary>The SCTP association is up (COOKIE ECHO accepted): channels can be opened.</summary>
    void OnDataAssociationEstablished(WebRtcTransport transport, long nowMs);

    /// <summary>The peer opened a channel, or acknowledged one we opened.</summary>
    void OnDataChannelOpened(WebRtcTransport transport, DataChannel channel, long nowMs);

    void OnDataChannelMessage(WebRtcTransport transport, DataChannel channel, byte[] data, bool binary, long nowMs);

    /// <summary>The channel's stream was reset by the peer, or (channel null) the association ended.</summary>
    void OnDataChannelClosed(WebRtcTransport transport, DataChannel? channel, long nowMs);
}
