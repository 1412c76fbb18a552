namespace Sfu.Core.Sctp;

/// <summary>
/// ABORT (RFC 9260 section 3.3.7). Flag T (0x01) means the packet carries the receiver's own tag (the sender
/// had no TCB). We send it without error causes when the owner closes the association abruptly.
/// </summary>
public static class SctpAbortChunk
{
    public const byte FlagT = 0x01;
    public const int Length = SctpChunk.HeaderLength;

    public static int Write(Span<byte> destination) => SctpChunk.WriteHeader(destination, SctpChunkType.Abort, 0, 0);
}
