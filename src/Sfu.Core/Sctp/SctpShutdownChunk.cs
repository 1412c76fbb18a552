using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// The graceful close (RFC 9260 sections 3.3.8-3.3.10, 9.2): SHUTDOWN carries the cumulative TSN ack; the
/// other side answers SHUTDOWN ACK once its outstanding data is acknowledged, which is answered by SHUTDOWN
/// COMPLETE (flag T as in ABORT).
/// </summary>
public static class SctpShutdownChunk
{
    public const int ShutdownLength = SctpChunk.HeaderLength + 4;

    public static bool TryParse(in SctpChunk chunk, out uint cumulativeTsnAck)
    {
        cumulativeTsnAck = 0;
        if (chunk.Value.Length < 4) return false;
        cumulativeTsnAck = BinaryPrimitives.ReadUInt32BigEndian(chunk.Value);
        return true;
    }

    public static int WriteShutdown(Span<byte> destination, uint cumulativeTsnAck)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[SctpChunk.HeaderLength..], cumulativeTsnAck);
        return SctpChunk.WriteHeader(destination, SctpChunkType.Shutdown, 0, 4);
    }

    public static int WriteShutdownAck(Span<byte> destination) => SctpChunk.WriteHeader(destination, SctpChunkType.ShutdownAck, 0, 0);

    public static int WriteShutdownComplete(Span<byte> destination) => SctpChunk.WriteHeader(destination, SctpChunkType.ShutdownComplete, 0, 0);
}
