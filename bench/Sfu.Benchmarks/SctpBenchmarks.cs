using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Sfu.Core.Sctp;
using Sfu.Core.Sctp.DataChannels;
using Sfu.Signaling.Protocol;

namespace Sfu.Benchmarks;

/// <summary>
/// SCTP data channel costs, without DTLS (see DtlsApplicationDataBenchmarks for the record layer):
/// receiving one DATA packet (CRC32c check, TSN tracking, delivery) and building its SACK; and forwarding
/// one LiveKit DataPacket to N subscribers the way RtcRoom.Data does it (parse, stamp, serialize once; per
/// subscriber: queue on its channel, build the SCTP packet with CRC32c, then process the subscriber's SACK).
/// </summary>
[MemoryDiagnoser]
public class SctpBenchmarks
{
    private readonly byte[] _payload = new byte[200];
    private readonly byte[] _out = new byte[1500];
    private SctpAssociation _receiver = null!;
    private SctpBenchPeer _peer = null!;
    private ushort _ssn;
    private byte[] _dataPacket = null!;
    private (DataChannelEndpoint Endpoint, DataChannel Channel, SctpBenchPeer Peer)[] _subscribers = null!;

    [Params(1, 10, 50)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _receiver = SctpBenchPeer.Connected(out _peer);
        var packet = new DataPacket { User = new UserPacket { Payload = ByteString.CopyFrom(_payload), Topic = "chat" } };
        _dataPacket = packet.ToByteArray();
        _subscribers = new (DataChannelEndpoint, DataChannel, SctpBenchPeer)[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var association = SctpBenchPeer.Connected(out var peer);
            var endpoint = new DataChannelEndpoint(association, dtlsServer: true);
            var channel = endpoint.Open("_reliable", ordered: true, maxRetransmits: -1, nowMs: 0)!;
            uint last = 0;
            while (association.TryPollTransmit(_out, 0, out var n)) last = SctpBenchPeer.FirstDataTsn(_out.AsSpan(0, n));
            association.HandlePacket(peer.Sack(last), 0);
            _subscribers[i] = (endpoint, channel, peer);
        }
    }

    /// <summary>One 200-byte DATA packet in, its message out, its SACK built (Subscribers does not matter here).</summary>
    [Benchmark]
    public int ReceiveDataAndSack()
    {
        _receiver.HandlePacket(_peer.Data(1, _ssn++, DataChannelPpid.Binary, _payload), 0);
        _receiver.TryPollMessage(out var message);
        _receiver.TryPollTransmit(_out, 0, out var length);
        return message.Data.Length + length;
    }

    /// <summary>One LiveKit DataPacket forwarded to every subscriber, each acknowledging it.</summary>
    [Benchmark]
    public int ForwardDataPacketToSubscribers()
    {
        var packet = DataPacket.Parser.ParseFrom(_dataPacket);
        packet.ParticipantIdentity = "user0";
        packet.ParticipantSid = "PA_benchmark";
        packet.Kind = DataPacket.Types.Kind.Reliable;
        var bytes = packet.ToByteArray();
        var sent = 0;
        foreach (var (endpoint, channel, peer) in _subscribers)
        {
            endpoint.Send(channel, bytes, binary: true, 0);
            while (endpoint.Association.TryPollTransmit(_out, 0, out var n))
            {
                var tsn = SctpBenchPeer.FirstDataTsn(_out.AsSpan(0, n));
                if (tsn != 0) endpoint.Association.HandlePacket(peer.Sack(tsn), 0);
                sent += n;
            }
        }
        return sent;
    }
}
