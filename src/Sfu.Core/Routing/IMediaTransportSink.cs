namespace Sfu.Core.Routing;

/// <summary>
/// The engine's only way out: one per participant transport. The engine never sends; it asks for a buffer,
/// writes one plaintext RTP or RTCP packet at its start and commits it. The shard protects it in place
/// (SRTP/SRTCP, so the buffer must have room for the tag beyond <c>minSize</c>) and batches it for sendmmsg:
/// the copy into this buffer is the only copy per subscriber.
/// </summary>
/// <remarks>
/// transport-wide-cc sequence numbers and abs-send-time are per transport, so they come from the sink, and
/// are stamped into the packet as it is written, never copied from the publisher
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: the counter belongs to the sending transport).
/// </remarks>
public interface IMediaTransportSink
{
    /// <summary>A writable buffer of at least <paramref name="minSize"/> bytes (plus the SRTP overhead).</summary>
    Span<byte> GetBuffer(int minSize);

    /// <summary>The packet of <paramref name="length"/> bytes at the start of the last buffer is complete.</summary>
    void Commit(PacketKind kind, int length);

    /// <summary>The next transport-wide sequence number of this transport.</summary>
    ushort NextTransportSequenceNumber();

    /// <summary>The 24-bit abs-send-time (6.18 fixed point seconds) of this transport's clock at <paramref name="nowUs"/>.</summary>
    uint GetAbsSendTime(long nowUs);

    /// <summary>
    /// A hint that a packet will be written soon: prefetch what <see cref="GetBuffer"/> and <see cref="Commit"/>
    /// touch (the SRTP context, for one). Must not change any state; the default does nothing.
    /// </summary>
    void PrefetchForSend()
    {
    }
}
