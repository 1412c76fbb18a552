using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>The association against a scripted peer built from the chunk writers (RFC 9260, RFC 3758, RFC 6525).</summary>
public class SctpAssociationTests
{
    [Fact]
    public void Init_is_answered_statelessly_and_cookie_echo_establishes()
    {
        var a = new SctpAssociation(random: new Random(1));
        var peer = new SctpTestPeer();
        a.HandlePacket(peer.Init(), 0);
        Assert.Equal(SctpState.Listening, a.State); // nothing kept before COOKIE ECHO
        peer.Drain(a, 0);
        peer.Connect(a, 10);
        Assert.True(a.TryPollEvent(out var e) && e.Kind == SctpEventKind.Established);
    }

    [Fact]
    public void Forged_and_stale_cookies_are_refused()
    {
        var a = new SctpAssociation(random: new Random(2));
        var peer = new SctpTestPeer();
        a.HandlePacket(peer.Init(), 0);
        var initAck = peer.Drain(a, 0).Single();
        var reader = new SctpChunkReader(initAck);
        reader.TryRead(out var chunk);
        SctpInitChunk.TryParse(chunk.Value, out var init);
        var cookie = init.StateCookie.ToArray();
        var tag = init.InitiateTag;
        byte[] Echo(byte[] c)
        {
            var echo = new byte[SctpChunk.Pad(4 + c.Length)];
            c.CopyTo(echo, 4);
            SctpChunk.WriteHeader(echo, SctpChunkType.CookieEcho, 0, c.Length);
            return SctpTestPeer.Packet(tag, echo);
        }
        var forged = (byte[])cookie.Clone();
        forged[20] ^= 0x40; // the peer's window, under the MAC
        a.HandlePacket(Echo(forged), 1);
        Assert.Equal(1, a.DropCount(SctpDropReason.BadCookie));
        a.HandlePacket(Echo(cookie), 61_000);
        Assert.Equal(1, a.DropCount(SctpDropReason.StaleCookie));
        Assert.Equal(SctpState.Listening, a.State);
    }

    [Fact]
    public void Data_is_delivered_and_acknowledged()
    {
        var a = new SctpAssociation(random: new Random(3));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, peer.Data(1, 0, 51, Encoding.UTF8.GetBytes("hello"))), 5);
        Assert.True(a.TryPollMessage(out var m));
        Assert.Equal("hello", Encoding.UTF8.GetString(m.Data));
        Assert.Equal(51u, m.Ppid);
        Assert.Equal((ushort)1, m.StreamId);
        var sack = peer.Drain(a, 5);
        Assert.Equal(1000u, SctpTestPeer.LastSackCumulative(sack));
    }

    [Fact]
    public void Fragments_out_of_order_reassemble_and_gaps_are_reported()
    {
        var a = new SctpAssociation(random: new Random(4));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var c1 = peer.Data(0, 0, 53, payload[..1000], SctpDataChunk.FlagBeginning);
        var c2 = peer.Data(0, 0, 53, payload[1000..2000], 0);
        var c3 = peer.Data(0, 0, 53, payload[2000..], SctpDataChunk.FlagEnd);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, c3), 1);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, c1), 1);
        var sackPackets = peer.Drain(a, 1);
        var sackChunk = FindChunk(sackPackets[^1], SctpChunkType.Sack);
        Assert.True(SctpSackChunk.TryParse(new SctpChunk((byte)SctpChunkType.Sack, 0, sackChunk), out var sack));
        Assert.Equal(1000u, sack.CumulativeTsnAck);
        Assert.Equal(1, sack.GapBlockCount);
        Assert.Equal(((ushort)2, (ushort)2), sack.GapBlock(0));
        Assert.False(a.TryPollMessage(out _));
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, c2), 2);
        Assert.True(a.TryPollMessage(out var m));
        Assert.Equal(payload, m.Data);
        Assert.Equal(0, a.BufferedReceiveBytes);
        // A duplicate is reported, not delivered.
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, c2), 3);
        Assert.False(a.TryPollMessage(out _));
        Assert.Equal(1, a.DropCount(SctpDropReason.DuplicateData));
    }

    [Fact]
    public void Ordered_messages_wait_for_their_predecessor_and_forward_tsn_skips_it()
    {
        var a = new SctpAssociation(random: new Random(5));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        var lost = peer.Data(2, 0, 53, [1]);    // TSN 1000, SSN 0: never arrives
        var second = peer.Data(2, 1, 53, [2]);  // TSN 1001, SSN 1
        _ = lost;
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, second), 1);
        Assert.False(a.TryPollMessage(out _));
        var fwd = new byte[16];
        SctpForwardTsnChunk.Write(fwd, 1000, new[] { ((ushort)2, (ushort)0) });
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, fwd[..12]), 2);
        Assert.True(a.TryPollMessage(out var m));
        Assert.Equal(new byte[] { 2 }, m.Data);
        Assert.Equal(1001u, SctpTestPeer.LastSackCumulative(peer.Drain(a, 2)));
    }

    [Fact]
    public void Sent_data_is_retransmitted_after_rto_and_released_by_sack()
    {
        var a = new SctpAssociation(random: new Random(6));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        Assert.Equal(SctpDropReason.None, a.Send(1, 51, "hi"u8, unordered: false, nowMs: 10));
        var first = peer.Drain(a, 10).Single();
        var data = FindChunk(first, SctpChunkType.Data);
        var tsn = BinaryPrimitives.ReadUInt32BigEndian(data);
        Assert.Equal(10 + 1000, a.NextTimeoutMs);
        a.HandleTimeout(1010);
        var again = peer.Drain(a, 1010).Single();
        Assert.Equal(tsn, BinaryPrimitives.ReadUInt32BigEndian(FindChunk(again, SctpChunkType.Data)));
        Assert.Equal(1, a.Retransmissions);
        var sack = new byte[16];
        SctpSackChunk.Write(sack, tsn, 1 << 20, [], []);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, sack), 1020);
        Assert.Equal(long.MaxValue, a.NextTimeoutMs);
        Assert.Equal(0, a.QueuedSendBytes);
    }

    [Fact]
    public void Unreliable_data_is_abandoned_and_forward_tsn_sent()
    {
        var a = new SctpAssociation(random: new Random(7));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        a.Send(3, 53, new byte[10], unordered: false, nowMs: 0, maxRetransmits: 0);
        var data = FindChunk(peer.Drain(a, 0).Single(), SctpChunkType.Data);
        var tsn = BinaryPrimitives.ReadUInt32BigEndian(data);
        a.HandleTimeout(1000);
        var fwdPacket = peer.Drain(a, 1000).Single();
        var fwd = FindChunk(fwdPacket, SctpChunkType.ForwardTsn);
        Assert.Equal(tsn, BinaryPrimitives.ReadUInt32BigEndian(fwd));
        Assert.Equal((ushort)3, BinaryPrimitives.ReadUInt16BigEndian(fwd[4..]));
        Assert.Equal(1, a.AbandonedMessages);
        Assert.Equal(0, a.Retransmissions);
    }

    [Fact]
    public void A_large_message_is_fragmented_and_paced_by_cwnd()
    {
        var a = new SctpAssociation(random: new Random(8));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        a.Send(1, 53, new byte[65536], unordered: false, nowMs: 0);
        var packets = peer.Drain(a, 0);
        Assert.InRange(packets.Count, 2, 5); // the initial cwnd (4380 bytes) holds back the rest
        Assert.All(packets, p => Assert.True(p.Length <= a.Options.Mtu));
    }

    [Fact]
    public void Heartbeat_is_echoed_and_abort_closes()
    {
        var a = new SctpAssociation(random: new Random(9));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        var hb = new byte[12];
        SctpParameterReader.Write(hb.AsSpan(4), 1, [1, 2, 3, 4]);
        SctpChunk.WriteHeader(hb, SctpChunkType.Heartbeat, 0, 8);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, hb), 1);
        var ack = FindChunk(peer.Drain(a, 1).Single(), SctpChunkType.HeartbeatAck);
        Assert.Equal(hb[4..], ack.ToArray());
        var abort = new byte[4];
        SctpAbortChunk.Write(abort);
        a.HandlePacket(SctpTestPeer.Packet(0xBAD, abort), 2);
        Assert.Equal(SctpState.Established, a.State);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, abort), 2);
        Assert.Equal(SctpState.Closed, a.State);
    }

    [Fact]
    public void Stream_reset_is_answered_and_reported()
    {
        var a = new SctpAssociation(random: new Random(10));
        var peer = new SctpTestPeer();
        peer.Connect(a, 0);
        var p = new byte[14];
        BinaryPrimitives.WriteUInt32BigEndian(p, 77);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), peer.NextTsn - 1);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12), 4);
        var chunk = new byte[4 + SctpChunk.Pad(4 + p.Length)];
        var n = SctpParameterReader.Write(chunk.AsSpan(4), SctpReconfigChunk.ParamOutgoingReset, p);
        SctpChunk.WriteHeader(chunk, SctpChunkType.Reconfig, 0, n);
        a.HandlePacket(SctpTestPeer.Packet(peer.ServerTag, chunk), 1);
        while (a.TryPollEvent(out var e) && e.Kind != SctpEventKind.StreamReset) { }
        var response = FindChunk(peer.Drain(a, 1).Single(), SctpChunkType.Reconfig);
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32BigEndian(response[4..]));
        Assert.Equal(SctpReconfigChunk.ResultSuccessPerformed, BinaryPrimitives.ReadUInt32BigEndian(response[8..]));
    }

    internal static ReadOnlySpan<byte> FindChunk(byte[] packet, SctpChunkType type)
    {
        var reader = new SctpChunkReader(packet);
        while (reader.TryRead(out var c))
            if (c.Type == (byte)type) return c.Value;
        Assert.Fail($"no {type} chunk in the packet");
        return default;
    }
}
