namespace Sfu.Core.Sctp;

/// <summary>
/// HEARTBEAT and HEARTBEAT ACK (RFC 9260 sections 3.3.5 and 3.3.6): the ACK returns the request's Heartbeat
/// Info parameter unchanged (section 8.3). We answer heartbeats; we do not send our own, because ICE consent
/// freshness (RFC 7675) already proves the path every few seconds.
/// </summary>
public static class SctpHeartbeatChunk
{
    /// <summary>Largest heartbeat info echoed; a bigger one is dropped (it would not fit one packet anyway).</summary>
    public const int MaxInfoLength = 1024;

    /// <summary>Writes the ACK of a HEARTBEAT whose chunk value (the parameter list) is <paramref name="requestValue"/>.</summary>
    public static int WriteAck(Span<byte> destination, ReadOnlySpan<byte> requestValue)
    {
        requestValue.CopyTo(destination[SctpChunk.HeaderLength..]);
        return SctpChunk.WriteHeader(destination, SctpChunkType.HeartbeatAck, 0, requestValue.Length);
    }
}
