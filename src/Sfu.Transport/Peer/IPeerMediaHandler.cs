namespace Sfu.Transport.Peer;

/// <summary>
/// What a <see cref="WebRtcTransport"/> hands its decrypted media to: the echo endpoint, or the forwarding
/// engine's participant. Every call comes on the owning shard's thread; spans are valid only during the call.
/// </summary>
public interface IPeerMediaHandler
{
    /// <summary>DTLS finished and the SRTP contexts are installed: media can flow both ways.</summary>
    void OnConnected(WebRtcTransport transport, long nowMs);

    /// <summary>One authenticated, decrypted RTP packet (header and payload, tag removed).</summary>
    void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet);

    /// <summary>One authenticated, decrypted RTCP compound packet.</summary>
    void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet);

    /// <summary>The transport closed (ICE consent lost, DTLS failure or close_notify, or closed by its owner).</summary>
    void OnClosed(WebRtcTransport transport, long nowMs);
}
