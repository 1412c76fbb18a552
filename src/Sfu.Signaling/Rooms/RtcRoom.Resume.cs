using System.Threading.Channels;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Ice;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// The WebSocket of session <paramref name="generation"/> ended. A participant that sent a leave is gone
    /// already; otherwise it is kept for <see cref="RtcSessionOptions.ResumeWindow"/> so that a resume
    /// (reconnect=1&amp;sid=) finds it, then leaves. A socket of an older generation (replaced by a resume) changes nothing.
    /// </summary>
    public void SocketClosed(RtcParticipant p, int generation)
    {
        ArgumentNullException.ThrowIfNull(p);
        lock (_gate)
        {
            if (!p.IsActive || p.Generation != generation || p.Detached) return;
            if (_options.ResumeWindow > TimeSpan.Zero)
            {
                p.Detached = true;
                p.DetachTimer = _options.Time.CreateTimer(static state =>
                {
                    var (room, participant, gen) = ((RtcRoom, RtcParticipant, int))state!;
                    bool expired;
                    lock (room._gate) expired = participant.Detached && participant.Generation == gen;
                    if (expired) room.Leave(participant, DisconnectReason.ClientInitiated, tellClient: false);
                }, (this, p, generation), _options.ResumeWindow, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        Leave(p, DisconnectReason.ClientInitiated, tellClient: false);
    }

    /// <summary>
    /// A resume of participant <see cref="RtcConnectRequest.ParticipantSid"/> (same identity, still present):
    /// a new queue whose first messages are ReconnectResponse (ICE servers, server info, last message seq 0:
    /// nothing is replayed), a ParticipantUpdate with everyone it can see and itself, a RoomUpdate, and, when
    /// it subscribes, an ICE restart offer of the subscriber connection (new credentials, RFC 8445 §9).
    /// Null when there is no such participant: the caller sends leave {STATE_MISMATCH, RECONNECT}.
    /// </summary>
    public RtcParticipant? Resume(RtcConnectRequest request, out ChannelReader<SignalResponse>? outgoing, out int generation)
    {
        ArgumentNullException.ThrowIfNull(request);
        outgoing = null;
        generation = 0;
        lock (_gate)
        {
            if (_closed) return null;
            var p = _participants.Find(x => x.Sid == request.ParticipantSid && x.Identity == request.Identity && x.IsActive);
            if (p is null) return null;
            p.DetachTimer?.Dispose();
            p.DetachTimer = null;
            p.Detached = false;
            outgoing = p.Reattach();
            generation = p.Generation;
            var reconnect = new ReconnectResponse
            {
                ServerInfo = new ServerInfo
                {
                    Edition = ServerInfo.Types.Edition.Standard,
                    Version = _options.ServerVersion,
                    Protocol = _options.Protocol,
                    Region = _options.Region,
                    NodeId = _options.NodeId,
                },
                ClientConfiguration = _options.BuildClientConfiguration(),
            };
            reconnect.IceServers.AddRange(_options.IceServers(p.Identity));
            p.Send(new SignalResponse { Reconnect = reconnect });
            var update = new ParticipantUpdate();
            update.Participants.Add(p.BuildInfo());
            foreach (var o in _participants) if (o != p && !o.IsHidden) update.Participants.Add(o.BuildInfo());
            p.PendingUpdates.Clear();
            p.LastUpdateSentMs = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            p.Send(new SignalResponse { Update = update });
            p.Send(new SignalResponse { RoomUpdate = new RoomUpdate { Room = BuildRoomInfo() } });
            if (p.OfferBuilder is not null)
            {
                var fresh = IceCredentials.Generate();
                p.SubscriberIce = fresh;
                p.OfferBuilder.RestartIce(fresh.Ufrag, fresh.Password);
                Shard.Post(s => p.SubscriberTransport?.Restart(fresh, s.NowMs));
                // The offer outstanding on the old socket is abandoned: the restart offer carries every subscription.
                p.OutstandingOffer = null;
                p.OfferDirty = false;
                SendOffer(p);
            }
            return p;
        }
    }
}
