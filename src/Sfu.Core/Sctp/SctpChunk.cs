using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>Chunk types used here (RFC 9260 section 3.2, RFC 3758 FORWARD TSN, RFC 6525 RE-CONFIG).</summary>
public enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    Reconfig = 130,
    ForwardTsn = 192,
}

/// <summary>
/// One chunk of a packet: type, flags and value (RFC 9260 section 3.2). Chunks are padded to 4 bytes; the
/// length field excludes the padding.
/// </summary>
public readonly ref struct SctpChunk
{
    public const int HeaderLength = 4;

    public SctpChunk(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        Type = type;
        Flags = flags;
        Value = value;
    }

    public byte Type { get; }
    public byte Flags { get; }
    /// <summary>The bytes after the 4-byte chunk header, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Writes a chunk header for a value of <paramref name="valueLength"/> bytes; returns the padded total.</summary>
    public static int WriteHeader(Span<byte> destination, SctpChunkType type, byte flags, int valueLength)
    {
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(HeaderLength + valueLength));
        var total = Pad(HeaderLength + valueLength);
        destination.Slice(HeaderLength + valueLength, total - HeaderLength - valueLength).Clear();
        return total;
    }

    public static int Pad(int length) => (length + 3) & ~3;
}

/// <summary>
/// Walks the chunks after the common header. A chunk whose length is below 4 or past the end stops the walk
/// and sets <see cref="Malformed"/> (RFC 9260 section 3.2: the receiver discards such a packet's remainder).
/// </summary>
public ref struct SctpChunkReader
{
    private ReadOnlySpan<byte> _rest;

    public SctpChunkReader(ReadOnlySpan<byte> packet)
    {
        _rest = packet.Length >= SctpCommonHeader.Length ? packet[SctpCommonHeader.Length..] : default;
        Malformed = packet.Length < SctpCommonHeader.Length;
    }

    public bool Malformed { get; private set; }

    public bool TryRead(out SctpChunk chunk)
    {
        chunk = default;
        if (_rest.IsEmpty) return false;
        if (_rest.Length < SctpChunk.HeaderLength)
        {
            Malformed = true;
            _rest = default;
            return false;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < SctpChunk.HeaderLength || length > _rest.Length)
        {
            Malformed = true;
            _rest = default;
            return false;
        }
        chunk = new SctpChunk(_rest[0], _rest[1], _rest[SctpChunk.HeaderLength..length]);
        var padded = Math.Min(SctpChunk.Pad(length), _rest.Length);
        _rest = _rest[padded..];
        return true;
    }
}

/// <summary>Walks TLV parameters (RFC 9260 section 3.2.1) of INIT, INIT ACK, HEARTBEAT and RE-CONFIG.</summary>
public ref struct SctpParameterReader
{
    private ReadOnlySpan<byte> _rest;

    public SctpParameterReader(ReadOnlySpan<byte> parameters) => _rest = parameters;

    public bool Malformed { get; private set; }

    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_rest.IsEmpty) return false;
        if (_rest.Length < 4)
        {
            Malformed = true;
            _rest = default;
            return false;
        }
        type = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < 4 || length > _rest.Length)
        {
            Malformed = true;
            _rest = default;
            return false;
        }
        value = _rest[4..length];
        _rest = _rest[Math.Min(SctpChunk.Pad(length), _rest.Length)..];
        return true;
    }

    /// <summary>Writes one parameter; returns its padded length.</summary>
    public static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(4 + value.Length));
        value.CopyTo(destination[4..]);
        var total = SctpChunk.Pad(4 + value.Length);
        destination.Slice(4 + value.Length, total - 4 - value.Length).Clear();
        return total;
    }
}

/// <summary>TSN and SSN serial-number arithmetic (RFC 9260 section 1.6, RFC 1982).</summary>
public static class SctpSerial
{
    public static bool Lt(uint a, uint b) => (int)(a - b) < 0;
    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;
    public static bool Gt(uint a, uint b) => (int)(a - b) > 0;
    public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;
    public static bool Lt(ushort a, ushort b) => (short)(a - b) < 0;
    public static bool Le(ushort a, ushort b) => (short)(a - b) <= 0;
}
