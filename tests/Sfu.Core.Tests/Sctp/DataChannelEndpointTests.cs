using System.Text;
using Sfu.Core.Sctp;
using Sfu.Core.Sctp.DataChannels;

namespace Sfu.Core.Tests.Sctp;

/// <summary>DCEP (RFC 8832) and data channel messages (RFC 8831) over the association.</summary>
public class DataChannelEndpointTests
{
    private static (DataChannelEndpoint Endpoint, SctpTestPeer Peer) Connected(bool dtlsServer)
    {
        var endpoint = new DataChannelEndpoint(new SctpAssociation(random: new Random(1)), dtlsServer);
        var peer = new SctpTestPeer();
        peer.Connect(endpoint.Association, 0);
        return (endpoint, peer);
    }

    [Fact]
    public void Open_from_the_peer_is_acknowledged_and_messages_are_typed()
    {
        var (endpoint, peer) = Connected(dtlsServer: true);
        var open = DcepMessage.WriteOpen(new DcepMessage.Open(DataChannelType.PartialReliableRexmit, 0, 0, "_lossy", ""));
        endpoint.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, peer.Data(0, 0, DataChannelPpid.Dcep, open)), 1);
        endpoint.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, peer.Data(0, 1, DataChannelPpid.String, Encoding.UTF8.GetBytes("hi"))), 2);
        endpoint.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, peer.Data(0, 2, DataChannelPpid.BinaryEmpty, [0])), 3);

        Assert.True(endpoint.TryPollEvent(out var opened));
        Assert.Equal(DataChannelEventKind.Opened, opened.Kind);
        Assert.Equal("_lossy", opened.Channel!.Label);
        Assert.True(opened.Channel.Ordered);
        Assert.Equal(0, opened.Channel.MaxRetransmits);
        Assert.True(endpoint.TryPollEvent(out var text));
        Assert.Equal("hi", Encoding.UTF8.GetString(text.Data!));
        Assert.False(text.Binary);
        Assert.True(endpoint.TryPollEvent(out var empty));
        Assert.Empty(empty.Data!);
        Assert.True(empty.Binary);

        // The ACK went out on stream 0 with PPID 50.
        var packets = peer.Drain(endpoint.Association, 3);
        var ack = packets.Select(p => p).First(p => SctpTestPeer.ChunkTypes(p).Contains((byte)SctpChunkType.Data));
        var data = SctpAssociationTests.FindChunk(ack, SctpChunkType.Data).ToArray();
        Assert.Equal(DataChannelPpid.Dcep, (uint)(data[8] << 24 | data[9] << 16 | data[10] << 8 | data[11]));
        Assert.Equal(DcepMessage.TypeAck, data[12]);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Our_channels_take_ids_of_our_dtls_parity(bool dtlsServer, int firstId)
    {
        var (endpoint, _) = Connected(dtlsServer);
        var a = endpoint.Open("_reliable", ordered: true, maxRetransmits: -1, nowMs: 1)!;
        var b = endpoint.Open("_lossy", ordered: true, maxRetransmits: 0, nowMs: 1)!;
        Assert.Equal(firstId, a.Id);
        Assert.Equal(firstId + 2, b.Id);
        Assert.False(a.Acknowledged);
    }

    [Fact]
    public void Malformed_open_is_counted_not_thrown()
    {
        var (endpoint, peer) = Connected(dtlsServer: true);
        endpoint.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, peer.Data(0, 0, DataChannelPpid.Dcep, [3, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0])), 1);
        Assert.Equal(1, endpoint.DcepDrops);
        Assert.False(endpoint.TryPollEvent(out _));
    }
}
