using Google.Protobuf;
using Sfu.Core.Sctp;
using Sfu.Core.Sctp.DataChannels;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Peer;

namespace Sfu.Signaling.Rooms;

/// <summary>Why a LiveKit data packet was not forwarded (counted per room, <see cref="RtcRoom.DataDrops"/>).</summary>
public enum RtcDataDropReason
{
    /// <summary>Not a DataPacket protobuf.</summary>
    Malformed,
    /// <summary>The sender lacks canPublishData.</summary>
    NotAllowed,
    /// <summary>A reliable packet whose sequence is not above the sender's last (LiveKit dedupes on resume).</summary>
    Duplicate,
    /// <summary>The recipient's subscriber channel of that kind is not open (yet).</summary>
    NoChannel,
    /// <summary>The recipient's SCTP send queue refused it (full, or the association is gone).</summary>
    SendFailed,
    /// <summary>A message on a channel other than <c>_reliable</c> and <c>_lossy</c> (e.g. <c>_data_track</c>, not supported yet).</summary>
    UnknownChannel,
}

/// <summary>
/// LiveKit data (livekit-protocol.md 2.10): one DataPacket per data channel message. Packets from a
/// participant's <c>_reliable</c> or <c>_lossy</c> channel are forwarded, with the sender's identity and sid
/// stamped by the server (never trusted from the client; blank for hidden senders) and <c>kind</c> set from the
/// channel, to every other participant or only to <c>destination_identities</c>, on their subscriber channel of
/// the same kind. Without canPublishData the packet is dropped and counted. Everything here runs on the room's
/// shard; the shard-side list of participants with data is kept in step by the posts of join and leave.
/// </summary>
public sealed partial class RtcRoom
{
    /// <summary>LiveKit's channel labels (livekit-client DataChannelManager.ts).</summary>
    public const string ReliableLabel = "_reliable";
    public const string LossyLabel = "_lossy";

    private readonly List<RtcParticipant> _dataPeers = [];   // shard thread only
    private readonly long[] _dataDrops = new long[Enum.GetValues<RtcDataDropReason>().Length];
    private long _dataForwarded;

    /// <summary>DataPackets delivered to a recipient's channel (one per recipient).</summary>
    public long DataForwarded => Interlocked.Read(ref _dataForwarded);

    /// <summary>Data packets dropped, by <see cref="RtcDataDropReason"/>.</summary>
    public long DataDrops(RtcDataDropReason reason) => Interlocked.Read(ref _dataDrops[(int)reason]);

    private void DropData(RtcDataDropReason reason) => Interlocked.Increment(ref _dataDrops[(int)reason]);

    /// <summary>The handler of a new peer connection of <paramref name="p"/> (shard thread).</summary>
    internal IPeerMediaHandler CreatePeerHandler(RtcParticipant p, Sfu.Core.Routing.Participant engine, bool subscriber)
    {
        if (!_dataPeers.Contains(p)) _dataPeers.Add(p);
        return new RtcPeerHandler(this, p, new EngineMediaHandler(Engine, engine), subscriber);
    }

    /// <summary>The participant left (shard thread): no more data to or from it.</summary>
    internal void DetachData(RtcParticipant p)
    {
        _dataPeers.Remove(p);
        p.SubscriberReliable = null;
        p.SubscriberLossy = null;
    }

    /// <summary>SCTP is up on <paramref name="p"/>'s subscriber connection: open the two LiveKit channels.</summary>
    internal void OpenSubscriberChannels(RtcParticipant p, WebRtcTransport transport, long nowMs)
    {
        if (transport.DataChannels is not { } channels) return;
        // LiveKit server transport.go: _reliable ordered and reliable; _lossy unordered with no retransmission.
        p.SubscriberReliable ??= channels.Open(ReliableLabel, ordered: true, maxRetransmits: -1, nowMs);
        p.SubscriberLossy ??= channels.Open(LossyLabel, ordered: false, maxRetransmits: 0, nowMs);
        transport.FlushData(nowMs);
    }

    /// <summary>One message on one of <paramref name="from"/>'s channels (shard thread).</summary>
    internal void OnDataMessage(RtcParticipant from, DataChannel channel, byte[] data, long nowMs)
    {
        if (channel.Label is not (ReliableLabel or LossyLabel))
        {
            DropData(RtcDataDropReason.UnknownChannel);
            return;
        }
        DataPacket packet;
        try
        {
            packet = DataPacket.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException)
        {
            DropData(RtcDataDropReason.Malformed);
            return;
        }
        // Video is replaced whole (a record) under the room lock; reading the reference here is atomic.
        var grant = from.Video;
        if (!grant.AllowsPublishData)
        {
            DropData(RtcDataDropReason.NotAllowed);
            return;
        }
        var lossy = channel.Label == LossyLabel;
        if (!lossy && packet.Sequence > 0)
        {
            if (packet.Sequence <= from.LastDataSequence)
            {
                DropData(RtcDataDropReason.Duplicate);
                return;
            }
            from.LastDataSequence = packet.Sequence;
        }
        var hidden = grant.Hidden;
        packet.Kind = lossy ? DataPacket.Types.Kind.Lossy : DataPacket.Types.Kind.Reliable;
        packet.ParticipantIdentity = hidden ? "" : from.Identity;
        packet.ParticipantSid = hidden ? "" : from.Sid;
        IEnumerable<string> destinations = packet.DestinationIdentities;
        if (packet.ValueCase == DataPacket.ValueOneofCase.User)
        {
            // The deprecated copies inside UserPacket are what older clients read: stamp them too.
            packet.User.ParticipantIdentity = packet.ParticipantIdentity;
            packet.User.ParticipantSid = packet.ParticipantSid;
            if (packet.DestinationIdentities.Count == 0) destinations = packet.User.DestinationIdentities;
        }
        Forward(packet, from, destinations.ToHashSet(StringComparer.Ordinal), lossy, nowMs);
    }

    private void Forward(DataPacket packet, RtcParticipant? from, HashSet<string> destinations, bool lossy, long nowMs)
    {
        var bytes = packet.ToByteArray();
        foreach (var to in _dataPeers)
        {
            if (to == from || !to.IsActive) continue;
            if (destinations.Count > 0 && !destinations.Contains(to.Identity)) continue;
            var channel = lossy ? to.SubscriberLossy : to.SubscriberReliable;
            var transport = to.SubscriberTransport;
            if (channel is not { Acknowledged: true, Closed: false } || transport?.DataChannels is not { } endpoint)
            {
                DropData(RtcDataDropReason.NoChannel);
                continue;
            }
            if (endpoint.Send(channel, bytes, binary: true, nowMs) != SctpDropReason.None)
            {
                DropData(RtcDataDropReason.SendFailed);
                continue;
            }
            transport.FlushData(nowMs);
            Interlocked.Increment(ref _dataForwarded);
        }
    }

    /// <summary>
    /// RoomService SendData: a DataPacket from the server (no participant identity) to everyone or to
    /// <c>destination_identities</c>, on their subscriber channel of <paramref name="request"/>'s kind.
    /// </summary>
    public void SendData(SendDataRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lossy = request.Kind == DataPacket.Types.Kind.Lossy;
        var user = new UserPacket { Payload = request.Data, Nonce = request.Nonce };
        if (request.HasTopic) user.Topic = request.Topic;
        var packet = new DataPacket { Kind = request.Kind, User = user };
        packet.DestinationIdentities.AddRange(request.DestinationIdentities);
        var destinations = request.DestinationIdentities.ToHashSet(StringComparer.Ordinal);
        if (request.DestinationSids.Count > 0)
        {
            // Deprecated sids: resolved to identities under the room lock, here on the caller's thread.
            lock (_gate)
                foreach (var p in _participants)
                    if (request.DestinationSids.Contains(p.Sid)) destinations.Add(p.Identity);
        }
        Shard.Post(s => Forward(packet, null, destinations, lossy, s.NowMs));
    }
}
