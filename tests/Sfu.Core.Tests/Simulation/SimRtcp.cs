using System.Buffers.Binary;

namespace Sfu.Core.Tests.Simulation;

/// <summary>Test-side RTCP helpers, written independently of the engine's reader and writer (RFC 3550, 4585).</summary>
internal static class SimRtcp
{
    public static IEnumerable<(int Pt, int Fmt, byte[] Packet)> Split(byte[] data)
    {
        var o = 0;
        while (o + 4 <= data.Length)
        {
            var len = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(o + 2)) + 1);
            if (o + len > data.Length) yield break;
            yield return (data[o + 1], data[o] & 0x1F, data.AsSpan(o, len).ToArray());
            o += len;
        }
    }

    public static IEnumerable<ushort> NackedSequences(byte[] p)
    {
        for (var o = 12; o + 4 <= p.Length; o += 4)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(o));
            var blp = BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(o + 2));
            yield return pid;
            for (var b = 0; b < 16; b++) if ((blp & (1 << b)) != 0) yield return (ushort)(pid + b + 1);
        }
    }

    public static byte[] Nack(uint sender, uint media, IReadOnlyList<ushort> seqs)
    {
        var p = new byte[12 + 4 * seqs.Count];
        p[0] = 0x81;
        p[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(p.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), media);
        for (var i = 0; i < seqs.Count; i++) BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12 + 4 * i), seqs[i]);
        return p;
    }

    public static byte[] Pli(uint sender, uint media)
    {
        var p = new byte[12];
        p[0] = 0x81;
        p[1] = 206;
        p[3] = 2;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), media);
        return p;
    }

    public static byte[] ReceiverReport(uint sender, uint media, uint lsr, uint dlsr, byte fractionLost = 0)
    {
        var p = new byte[32];
        p[0] = 0x81;
        p[1] = 201;
        p[3] = 7;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), media);
        p[12] = fractionLost;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(24), lsr);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(28), dlsr);
        return p;
    }
}
