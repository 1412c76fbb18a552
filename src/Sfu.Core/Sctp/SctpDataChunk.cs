using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// DATA (RFC 9260 section 3.3.1): flags I(0x08, immediate SACK), U(0x04, unordered), B(0x02, first fragment),
/// E(0x01, last fragment); TSN, stream id, stream sequence number, payload protocol identifier (RFC 8831
/// section 8: 50 DCEP, 51 string, 53 binary, 56 empty string, 57 empty binary), then user data (never empty).
/// </summary>
public ref struct SctpDataChunk
{
    public const int HeaderLength = SctpChunk.HeaderLength + 12;
    public const byte FlagEnd = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public byte Flags;
    public uint Tsn;
    public ushort StreamId;
    public ushort Ssn;
    public uint Ppid;
    public ReadOnlySpan<byte> UserData;

    public readonly bool Beginning => (Flags & FlagBeginning) != 0;
    public readonly bool End => (Flags & FlagEnd) != 0;
    public readonly bool Unordered => (Flags & FlagUnordered) != 0;

    /// <summary>Parses the chunk; false for a value shorter than the fixed part or with no user data (section 6.2).</summary>
    public static bool TryParse(in SctpChunk chunk, out SctpDataChunk data)
    {
        data = default;
        var v = chunk.Value;
        if (v.Length <= 12) return false;
        data.Flags = chunk.Flags;
        data.Tsn = BinaryPrimitives.ReadUInt32BigEndian(v);
        data.StreamId = BinaryPrimitives.ReadUInt16BigEndian(v[4..]);
        data.Ssn = BinaryPrimitives.ReadUInt16BigEndian(v[6..]);
        data.Ppid = BinaryPrimitives.ReadUInt32BigEndian(v[8..]);
        data.UserData = v[12..];
        return true;
    }

    /// <summary>Writes one DATA chunk; returns its padded length.</summary>
    public static int Write(Span<byte> destination, byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, ReadOnlySpan<byte> userData)
    {
        var v = destination[SctpChunk.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(v, tsn);
        BinaryPrimitives.WriteUInt16BigEndian(v[4..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(v[6..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(v[8..], ppid);
        userData.CopyTo(v[12..]);
        return SctpChunk.WriteHeader(destination, SctpChunkType.Data, flags, 12 + userData.Length);
    }
}
