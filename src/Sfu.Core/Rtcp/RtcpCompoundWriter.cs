namespace Sfu.Core.Rtcp;

/// <summary>Concatenates RTCP packets into one compound datagram in a caller-owned buffer.</summary>
/// <remarks>
/// RFC 3550 §6.1. Packets are written by the per-type <c>Write</c> methods into <see cref="Remaining"/>,
/// then committed with <see cref="Advance"/>: <c>w.Advance(RtcpPictureLossIndication.Write(w.Remaining, a, b));</c>
/// </remarks>
public ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts an empty compound in <paramref name="buffer"/>.</summary>
    public RtcpCompoundWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>Free space after the packets written so far.</summary>
    public readonly Span<byte> Remaining => _buffer[_length..];

    /// <summary>The compound so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Commits <paramref name="packetLength"/> bytes just written into <see cref="Remaining"/>.</summary>
    public void Advance(int packetLength)
    {
        if ((packetLength & 3) != 0 || packetLength < 0 || packetLength > _buffer.Length - _length)
            throw new ArgumentOutOfRangeException(nameof(packetLength));
        _length += packetLength;
    }

    /// <summary>Appends an already serialised packet (for example one forwarded unchanged).</summary>
    public void Append(ReadOnlySpan<byte> packet)
    {
        packet.CopyTo(Remaining);
        Advance(packet.Length);
    }
}
