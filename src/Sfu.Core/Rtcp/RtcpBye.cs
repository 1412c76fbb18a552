using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>A goodbye packet (PT 203): SC SSRCs leaving, and an optional reason.</summary>
/// <remarks>
/// RFC 3550 §6.6: SC × SSRC, then optionally a length byte and that many bytes of UTF-8 reason, zero-padded
/// to a 32-bit boundary. The reason length is checked against the packet (PJSIP CVE-2021-43804).
/// </remarks>
public readonly ref struct RtcpBye
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpBye(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        _packet = packet;
        _body = body;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>Number of SSRCs.</summary>
    public int SourceCount => RtcpHeader.GetCount(_packet);

    /// <summary>SSRC <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body[(4 * index)..]);
    }

    /// <summary>The reason text (empty when absent).</summary>
    public ReadOnlySpan<byte> Reason
    {
        get
        {
            var offset = 4 * SourceCount;
            return offset < _body.Length ? _body.Slice(offset + 1, _body[offset]) : default;
        }
    }

    /// <summary>Validates one BYE packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpBye bye, out PacketDropReason reason)
    {
        bye = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.Bye, out var body, out reason)) return false;
        var offset = 4 * RtcpHeader.GetCount(packet);
        if (offset > body.Length || (offset < body.Length && body[offset] > body.Length - offset - 1))
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        bye = new RtcpBye(packet, body);
        return true;
    }

    /// <summary>Size of a BYE with <paramref name="sourceCount"/> SSRCs and a reason of <paramref name="reasonLength"/> bytes.</summary>
    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Length + 4 * sourceCount + (reasonLength == 0 ? 0 : (1 + reasonLength + 3) & ~3);

    /// <summary>Writes a BYE; returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason = default)
    {
        if (reason.Length > byte.MaxValue) throw new ArgumentException("A BYE reason is at most 255 bytes.", nameof(reason));
        var length = GetLength(ssrcs.Length, reason.Length);
        RtcpHeader.EnsureRoom(destination, length);
        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Bye, length);
        var offset = RtcpHeader.Length;
        foreach (var ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }
        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }
        return length;
    }
}
