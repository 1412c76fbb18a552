using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>An application-defined packet (PT 204): subtype, SSRC, 4-character name and opaque data.</summary>
/// <remarks>RFC 3550 §6.7: the subtype is the 5-bit count field; the data is a whole number of 32-bit words.</remarks>
public readonly ref struct RtcpApp
{
    private const int SsrcOffset = RtcpHeader.Length;
    private const int NameOffset = SsrcOffset + 4;
    private const int DataOffset = NameOffset + 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpApp(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        _packet = packet;
        _body = body;
    }

    /// <summary>The packet length in bytes.</summary>
    public int Length => _packet.Length;

    /// <summary>The 5-bit subtype.</summary>
    public int Subtype => RtcpHeader.GetCount(_packet);

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[SsrcOffset..]);

    /// <summary>The 4 ASCII characters naming the application.</summary>
    public ReadOnlySpan<byte> Name => _packet.Slice(NameOffset, 4);

    /// <summary>Application data (without padding).</summary>
    public ReadOnlySpan<byte> Data => _body[(DataOffset - RtcpHeader.Length)..];

    /// <summary>Validates one APP packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpApp app, out PacketDropReason reason)
    {
        app = default;
        if (!RtcpHeader.TryGetBody(packet, RtcpPacketType.App, out var body, out reason)) return false;
        if (body.Length < DataOffset - RtcpHeader.Length)
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        app = new RtcpApp(packet, body);
        return true;
    }

    /// <summary>Writes an APP packet; <paramref name="data"/> must be a multiple of 4 bytes. Returns its length.</summary>
    public static int Write(Span<byte> destination, int subtype, uint ssrc, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        if (name.Length != 4) throw new ArgumentException("An APP name is 4 bytes.", nameof(name));
        if ((data.Length & 3) != 0) throw new ArgumentException("APP data is a whole number of 32-bit words.", nameof(data));
        var length = DataOffset + data.Length;
        RtcpHeader.EnsureRoom(destination, length);
        RtcpHeader.Write(destination, subtype, RtcpPacketType.App, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SsrcOffset..], ssrc);
        name.CopyTo(destination[NameOffset..]);
        data.CopyTo(destination[DataOffset..]);
        return length;
    }
}
