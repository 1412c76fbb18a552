using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// RE-CONFIG (RFC 6525), only as data channels use it (RFC 8831 section 6.7): closing a channel resets its
/// stream with an Outgoing SSN Reset Request (parameter 13: request sequence number, response sequence number,
/// sender's last assigned TSN, stream ids). We answer each with a Re-configuration Response (parameter 16):
/// "success performed" (1) once every TSN up to the sender's last assigned one arrived, "in progress" (6)
/// before that (the peer asks again), "denied" (2) for any other request type.
/// </summary>
public static class SctpReconfigChunk
{
    public const ushort ParamOutgoingReset = 13;
    public const ushort ParamResponse = 16;
    public const uint ResultSuccessPerformed = 1;
    public const uint ResultDenied = 2;
    public const uint ResultInProgress = 6;
    public const int ResponseChunkLength = SctpChunk.HeaderLength + 12;

    /// <summary>Reads an Outgoing SSN Reset Request parameter value.</summary>
    public static bool TryParseOutgoingReset(ReadOnlySpan<byte> value, out uint requestSeq, out uint lastTsn, out ReadOnlySpan<byte> streams)
    {
        requestSeq = lastTsn = 0;
        streams = default;
        if (value.Length < 12 || (value.Length - 12) % 2 != 0) return false;
        requestSeq = BinaryPrimitives.ReadUInt32BigEndian(value);
        lastTsn = BinaryPrimitives.ReadUInt32BigEndian(value[8..]);
        streams = value[12..];
        return true;
    }

    /// <summary>Writes a RE-CONFIG chunk holding one response parameter.</summary>
    public static int WriteResponse(Span<byte> destination, uint responseSeq, uint result)
    {
        Span<byte> p = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(p, responseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], result);
        var length = SctpParameterReader.Write(destination[SctpChunk.HeaderLength..], ParamResponse, p);
        return SctpChunk.WriteHeader(destination, SctpChunkType.Reconfig, 0, length);
    }
}
