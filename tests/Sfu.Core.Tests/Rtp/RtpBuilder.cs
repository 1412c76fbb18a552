using System.Buffers.Binary;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Builds RTP packets byte by byte for tests (independently of the code under test).</summary>
internal static class RtpBuilder
{
    public static byte[] Build(byte[] payload, byte pt = 96, ushort seq = 1000, uint ts = 90000, uint ssrc = 0x11223344,
        bool marker = false, uint[]? csrcs = null, ushort? profile = null, byte[]? extension = null, int padding = 0)
    {
        csrcs ??= [];
        var ext = extension ?? [];
        var extLength = profile is null ? 0 : 4 + ((ext.Length + 3) & ~3);
        var packet = new byte[12 + 4 * csrcs.Length + extLength + payload.Length + padding];
        packet[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (profile is null ? 0 : 0x10) | csrcs.Length);
        packet[1] = (byte)((marker ? 0x80 : 0) | pt);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ts);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        var o = 12;
        foreach (var c in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(o), c);
            o += 4;
        }
        if (profile is { } p)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(o), p);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(o + 2), (ushort)((extLength - 4) / 4));
            ext.CopyTo(packet, o + 4);
            o += extLength;
        }
        payload.CopyTo(packet, o);
        if (padding > 0) packet[^1] = (byte)padding;
        return packet;
    }

    /// <summary>One-byte form element: id (1-14) and 1-16 value bytes.</summary>
    public static byte[] One(int id, params byte[] value) => [(byte)((id << 4) | (value.Length - 1)), .. value];

    /// <summary>Two-byte form element: id (1-255) and 0-255 value bytes.</summary>
    public static byte[] Two(int id, params byte[] value) => [(byte)id, (byte)value.Length, .. value];
}
