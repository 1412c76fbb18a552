using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// The association's sender against a receiver (this project's <c>SctpReceiveBuffer</c> as the peer's) in
/// virtual time with seeded loss both ways: reliable messages all arrive intact and in order (retransmission,
/// fast retransmit, T3); maxRetransmits-0 messages never stall the stream (abandon + FORWARD TSN).
/// </summary>
public class SctpLossSimulationTests
{
    [Theory]
    [InlineData(1, 0.10)]
    [InlineData(2, 0.20)]
    [InlineData(3, 0.05)]
    public void Reliable_messages_arrive_in_order_through_loss(int seed, double loss)
    {
        var (delivered, a, _, _) = Run(seed, loss, count: 30, size: 5000, maxRetransmits: -1);
        Assert.Equal(30, delivered.Count);
        for (var i = 0; i < 30; i++) Assert.Equal(Message(i, 5000), delivered[i]);
        Assert.True(a.Retransmissions > 0, "no loss was repaired");
    }

    [Theory]
    [InlineData(4, 0.10)]
    [InlineData(5, 0.30)]
    public void Unreliable_ordered_messages_skip_losses_without_stalling(int seed, double loss)
    {
        var (delivered, a, cumulative, initial) = Run(seed, loss, count: 200, size: 300, maxRetransmits: 0);
        Assert.Equal(initial + 199, cumulative); // the receiver moved past every lost message
        Assert.True(a.AbandonedMessages > 0, "nothing was abandoned");
        Assert.Equal(0, a.Retransmissions);
        Assert.InRange(delivered.Count, 1, 199);
        // In order, each intact, and the last ones arrive: nothing stalls behind a lost message.
        var indices = delivered.Select(d => (int)d[0] | d[1] << 8).ToList();
        Assert.Equal(indices.Order(), indices);
        foreach (var d in delivered) Assert.Equal(Message(d[0] | d[1] << 8, 300), d);
        Assert.True(a.QueuedSendBytes == 0, "the send queue did not drain");
    }

    private static byte[] Message(int index, int size)
    {
        var m = new byte[size];
        for (var i = 0; i < size; i++) m[i] = (byte)(i * 7 + index);
        m[0] = (byte)index;
        m[1] = (byte)(index >> 8);
        return m;
    }

    private static (List<byte[]> Delivered, SctpAssociation Association, uint ReceiverCumulative, uint InitialTsn) Run(int seed, double loss, int count, int size, int maxRetransmits)
    {
        var random = new Random(seed);
        var a = new SctpAssociation(random: new Random(seed));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        // The peer's receive side: the same receive buffer type, from the initial TSN of our INIT ACK.
        var rx = new SctpReceiveBuffer(a.Options, peer.ServerInitialTsn);
        var delivered = new List<byte[]>();
        var buffer = new byte[1500];
        var sack = new byte[SctpReceiveBuffer.MaxSackLength];
        long now = 0;
        for (var i = 0; i < count; i++) Assert.Equal(SctpDropReason.None, a.Send(1, 53, Message(i, size), unordered: false, nowMs: now, maxRetransmits: maxRetransmits));
        for (var step = 0; step < 20_000 && (a.QueuedSendBytes > 0 || delivered.Count < count && maxRetransmits < 0); step++)
        {
            now += 10;
            a.HandleTimeout(now);
            while (a.TryPollTransmit(buffer, now, out var n))
            {
                if (random.NextDouble() < loss) continue;
                var reader = new SctpChunkReader(buffer.AsSpan(0, n));
                while (reader.TryRead(out var c))
                {
                    if (c.Type == (byte)SctpChunkType.Data && SctpDataChunk.TryParse(c, out var data)) rx.OnData(data);
                    else if (c.Type == (byte)SctpChunkType.ForwardTsn && SctpForwardTsnChunk.TryParse(c, out var fwd))
                        rx.OnForwardTsn(fwd);
                }
            }
            while (rx.TryDequeue(out var m)) delivered.Add(m.Data);
            if (rx.SackDue)
            {
                var length = rx.WriteSack(sack);
                if (random.NextDouble() >= loss) a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, sack[..length]), now + 5);
            }
        }
        return (delivered, a, rx.CumulativeTsn, peer.ServerInitialTsn);
    }
}
