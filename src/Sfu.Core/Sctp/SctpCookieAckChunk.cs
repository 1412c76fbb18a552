namespace Sfu.Core.Sctp;

/// <summary>COOKIE ACK (RFC 9260 section 3.3.12): a bare chunk header that confirms the association.</summary>
public static class SctpCookieAckChunk
{
    public const int Length = SctpChunk.HeaderLength;

    public static int Write(Span<byte> destination) => SctpChunk.WriteHeader(destination, SctpChunkType.CookieAck, 0, 0);
}
