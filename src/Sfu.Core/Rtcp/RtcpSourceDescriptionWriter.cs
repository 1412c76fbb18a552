using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>Builds an SDES packet chunk by chunk in a caller-owned buffer.</summary>
/// <remarks>
/// RFC 3550 §6.5. Call <see cref="AddChunk"/>, then <see cref="AddItem"/> for its items, repeat, then
/// <see cref="Finish"/>, which terminates the last chunk, fixes the header and returns the packet length.
/// Each chunk ends with one to four zero bytes so the next starts on a 32-bit boundary.
/// </remarks>
public ref struct RtcpSourceDescriptionWriter
{
    private const int MaxChunks = 31;

    private readonly Span<byte> _buffer;
    private int _length;
    private int _chunks;

    /// <summary>Starts an SDES packet.</summary>
    public RtcpSourceDescriptionWriter(Span<byte> buffer)
    {
        RtcpHeader.EnsureRoom(buffer, RtcpHeader.Length);
        _buffer = buffer;
        _length = RtcpHeader.Length;
        _chunks = 0;
    }

    /// <summary>Starts a chunk for <paramref name="ssrc"/> (ending the previous one).</summary>
    public void AddChunk(uint ssrc)
    {
        if (_chunks == MaxChunks) throw new InvalidOperationException("An SDES packet holds at most 31 chunks.");
        if (_chunks > 0) Terminate();
        RtcpHeader.EnsureRoom(_buffer[_length..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_length..], ssrc);
        _length += 4;
        _chunks++;
    }

    /// <summary>Adds an item to the current chunk.</summary>
    public void AddItem(RtcpSdesItemType type, ReadOnlySpan<byte> value)
    {
        if (_chunks == 0) throw new InvalidOperationException("AddChunk first.");
        if (type == RtcpSdesItemType.End || value.Length > byte.MaxValue) throw new ArgumentException("An SDES item has a non-zero type and at most 255 bytes.", nameof(value));
        RtcpHeader.EnsureRoom(_buffer[_length..], 2 + value.Length);
        _buffer[_length] = (byte)type;
        _buffer[_length + 1] = (byte)value.Length;
        value.CopyTo(_buffer[(_length + 2)..]);
        _length += 2 + value.Length;
    }

    /// <summary>Ends the last chunk and writes the header; returns the packet length.</summary>
    public int Finish()
    {
        if (_chunks > 0) Terminate();
        RtcpHeader.Write(_buffer, _chunks, RtcpPacketType.SourceDescription, _length);
        return _length;
    }

    /// <summary>A one-chunk SDES carrying only a CNAME (what every RTP sender sends, RFC 3550 §6.5.1).</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        var w = new RtcpSourceDescriptionWriter(destination);
        w.AddChunk(ssrc);
        w.AddItem(RtcpSdesItemType.Cname, cname);
        return w.Finish();
    }

    private void Terminate()
    {
        var end = (_length + 1 + 3) & ~3;
        RtcpHeader.EnsureRoom(_buffer, end);
        _buffer[_length..end].Clear();
        _length = end;
    }
}
