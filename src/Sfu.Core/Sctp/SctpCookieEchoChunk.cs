namespace Sfu.Core.Sctp;

/// <summary>
/// COOKIE ECHO (RFC 9260 section 3.3.11): the chunk value is the state cookie exactly as INIT ACK carried it.
/// It may be bundled with DATA chunks after it (section 5.1 D); the association exists from this chunk on.
/// </summary>
public static class SctpCookieEchoChunk
{
    public static ReadOnlySpan<byte> Cookie(in SctpChunk chunk) => chunk.Value;
}
