using Sfu.Core.Sctp.DataChannels;
using Sfu.Transport.Peer;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// What a LiveKit participant's peer connection hands its input to: media to the forwarding engine (through
/// <see cref="EngineMediaHandler"/>), data channel messages to the room's data forwarding
/// (<see cref="RtcRoom"/>, <c>RtcRoom.Data.cs</c>). On the subscriber connection the server opens
/// <c>_reliable</c> and <c>_lossy</c> as soon as SCTP is up (LiveKit's <c>createDataChannelsForSubscriber</c>).
/// All calls on the room's shard.
/// </summary>
internal sealed class RtcPeerHandler(RtcRoom room, RtcParticipant participant, IPeerMediaHandler media, bool subscriber)
    : IPeerMediaHandler, IPeerDataHandler
{
    public void OnConnected(WebRtcTransport transport, long nowMs) => media.OnConnected(transport, nowMs);

    public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet) => media.OnRtp(transport, nowMs, packet);

    public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet) => media.OnRtcp(transport, nowMs, packet);

    public void OnClosed(WebRtcTransport transport, long nowMs) => media.OnClosed(transport, nowMs);

    public void OnDataAssociationEstablished(WebRtcTransport transport, long nowMs)
    {
        if (subscriber) room.OpenSubscriberChannels(participant, transport, nowMs);
    }

    public void OnDataChannelOpened(WebRtcTransport transport, DataChannel channel, long nowMs) { }

    public void OnDataChannelMessage(WebRtcTransport transport, DataChannel channel, byte[] data, bool binary, long nowMs) =>
        room.OnDataMessage(participant, channel, data, nowMs);

    public void OnDataChannelClosed(WebRtcTransport transport, DataChannel? channel, long nowMs) { }
}
