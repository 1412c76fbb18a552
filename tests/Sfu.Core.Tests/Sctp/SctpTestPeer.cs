using System.Buffers.Binary;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// A minimal SCTP client for tests, built from the chunk writers: sends INIT, answers INIT ACK with
/// COOKIE ECHO, sends DATA and records what the association sends back. Not a second implementation.
/// </summary>
internal sealed class SctpTestPeer
{
    public const uint Tag = 0x11223344;
    public uint NextTsn = 1000;
    public uint ServerTag;
    public uint ServerInitialTsn;
    public byte[]? Cookie;
    public readonly List<byte[]> Received = new();

    public static byte[] Packet(uint tag, params byte[][] chunks)
    {
        var length = SctpCommonHeader.Length + chunks.Sum(c => c.Length);
        var p = new byte[length];
        SctpCommonHeader.Write(p, 5000, 5000, tag);
        var at = SctpCommonHeader.Length;
        foreach (var c in chunks)
        {
            c.CopyTo(p, at);
            at += c.Length;
        }
        SctpCommonHeader.Seal(p);
        return p;
    }

    public byte[] Init()
    {
        var c = new byte[SctpInitChunk.MaxLength(0)];
        var n = SctpInitChunk.Write(c, SctpChunkType.Init, Tag, 1 << 20, 1024, 1024, NextTsn, []);
        return Packet(0, c[..n]);
    }

    public byte[] Data(ushort stream, ushort ssn, uint ppid, byte[] payload, byte flags = SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd, uint? tsn = null)
    {
        var c = new byte[SctpChunk.Pad(SctpDataChunk.HeaderLength + payload.Length)];
        SctpDataChunk.Write(c, flags, tsn ?? NextTsn++, stream, ssn, ppid, payload);
        return c;
    }

    /// <summary>Runs INIT / INIT ACK / COOKIE ECHO / COOKIE ACK against <paramref name="a"/>.</summary>
    public void Connect(SctpAssociation a, long nowMs)
    {
        a.HandlePacket(Init(), nowMs);
        var initAck = Drain(a, nowMs).Single();
        Assert.Equal(Tag, SctpCommonHeader.VerificationTag(initAck));
        var reader = new SctpChunkReader(initAck);
        Assert.True(reader.TryRead(out var chunk));
        Assert.Equal((byte)SctpChunkType.InitAck, chunk.Type);
        Assert.True(SctpInitChunk.TryParse(chunk.Value, out var init));
        ServerTag = init.InitiateTag;
        ServerInitialTsn = init.InitialTsn;
        Cookie = init.StateCookie.ToArray();
        var echo = new byte[SctpChunk.Pad(4 + Cookie.Length)];
        Cookie.CopyTo(echo, 4);
        SctpChunk.WriteHeader(echo, SctpChunkType.CookieEcho, 0, Cookie.Length);
        a.HandlePacket(Packet(ServerTag, echo), nowMs);
        Assert.Equal(SctpState.Established, a.State);
        var ack = Drain(a, nowMs).Single();
        Assert.Contains((byte)SctpChunkType.CookieAck, ChunkTypes(ack));
    }

    public List<byte[]> Drain(SctpAssociation a, long nowMs)
    {
        var list = new List<byte[]>();
        var buffer = new byte[1500];
        for (var i = 0; i < 10_000 && a.TryPollTransmit(buffer, nowMs, out var n); i++)
        {
            Assert.True(SctpCommonHeader.IsChecksumValid(buffer.AsSpan(0, n)));
            list.Add(buffer[..n]);
        }
        Received.AddRange(list);
        return list;
    }

    public static List<byte> ChunkTypes(byte[] packet)
    {
        var types = new List<byte>();
        var reader = new SctpChunkReader(packet);
        while (reader.TryRead(out var c)) types.Add(c.Type);
        return types;
    }

    public static uint? LastSackCumulative(IEnumerable<byte[]> packets)
    {
        uint? cum = null;
        foreach (var p in packets)
        {
            var reader = new SctpChunkReader(p);
            while (reader.TryRead(out var c))
                if (c.Type == (byte)SctpChunkType.Sack) cum = BinaryPrimitives.ReadUInt32BigEndian(c.Value);
        }
        return cum;
    }
}
