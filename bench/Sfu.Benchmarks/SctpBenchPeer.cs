using System.Buffers.Binary;
using Sfu.Core.Sctp;

namespace Sfu.Benchmarks;

/// <summary>The remote side of an association for benchmarks: INIT / COOKIE ECHO, then DATA and SACK packets.</summary>
internal sealed class SctpBenchPeer
{
    private const uint Tag = 0x0A0B0C0D;
    private readonly byte[] _out = new byte[1500];
    public uint ServerTag;
    public uint NextTsn = 1;

    public static SctpAssociation Connected(out SctpBenchPeer peer)
    {
        var a = new SctpAssociation(random: new Random(1));
        peer = new SctpBenchPeer();
        var init = new byte[64];
        var n = SctpInitChunk.Write(init.AsSpan(SctpCommonHeader.Length), SctpChunkType.Init, Tag, 1 << 20, 1024, 1024, peer.NextTsn, []);
        a.HandlePacket(Seal(init, 0, SctpCommonHeader.Length + n), 0);
        var buffer = new byte[1500];
        a.TryPollTransmit(buffer, 0, out var length);
        var reader = new SctpChunkReader(buffer.AsSpan(0, length));
        reader.TryRead(out var chunk);
        SctpInitChunk.TryParse(chunk.Value, out var initAck);
        peer.ServerTag = initAck.InitiateTag;
        var cookie = initAck.StateCookie.ToArray();
        var echo = new byte[SctpCommonHeader.Length + 4 + cookie.Length];
        cookie.CopyTo(echo, SctpCommonHeader.Length + 4);
        SctpChunk.WriteHeader(echo.AsSpan(SctpCommonHeader.Length), SctpChunkType.CookieEcho, 0, cookie.Length);
        a.HandlePacket(Seal(echo, peer.ServerTag, echo.Length), 0);
        while (a.TryPollTransmit(buffer, 0, out _)) { }
        if (a.State != SctpState.Established) throw new InvalidOperationException("not established");
        return a;
    }

    private static ReadOnlySpan<byte> Seal(byte[] packet, uint tag, int length)
    {
        SctpCommonHeader.Write(packet, 5000, 5000, tag);
        SctpCommonHeader.Seal(packet.AsSpan(0, length));
        return packet.AsSpan(0, length);
    }

    /// <summary>One DATA packet (complete message) with the next TSN and SSN.</summary>
    public ReadOnlySpan<byte> Data(ushort stream, ushort ssn, uint ppid, ReadOnlySpan<byte> payload)
    {
        var n = SctpDataChunk.Write(_out.AsSpan(SctpCommonHeader.Length), SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd, NextTsn++, stream, ssn, ppid, payload);
        return Seal(_out, ServerTag, SctpCommonHeader.Length + n);
    }

    /// <summary>A SACK acknowledging everything up to <paramref name="cumulativeTsn"/>.</summary>
    public ReadOnlySpan<byte> Sack(uint cumulativeTsn)
    {
        var n = SctpSackChunk.Write(_out.AsSpan(SctpCommonHeader.Length), cumulativeTsn, 1 << 20, [], []);
        return Seal(_out, ServerTag, SctpCommonHeader.Length + n);
    }

    /// <summary>The TSN of the first DATA chunk of a packet the association sent, or 0.</summary>
    public static uint FirstDataTsn(ReadOnlySpan<byte> packet)
    {
        var reader = new SctpChunkReader(packet);
        while (reader.TryRead(out var c))
            if (c.Type == (byte)SctpChunkType.Data) return BinaryPrimitives.ReadUInt32BigEndian(c.Value);
        return 0;
    }
}
