namespace Sfu.Core.Sctp;

/// <summary>Limits and timers of one association. Every count and size a peer can grow has a cap here.</summary>
public sealed record SctpOptions
{
    /// <summary>SCTP port (a=sctp-port, RFC 8841 section 5); WebRTC uses 5000.</summary>
    public ushort Port { get; init; } = 5000;
    /// <summary>
    /// Largest SCTP packet we build. The DTLS engine's datagrams are at most 1200 bytes (a 1280-byte IPv6 path
    /// after UDP and IP); a DTLS 1.2 AEAD record takes 13 header + 8 nonce + 16 tag bytes of that, leaving 1163.
    /// </summary>
    public int Mtu { get; init; } = 1160;
    /// <summary>Streams announced each way (OS and MIS of INIT ACK); data channel ids must be below.</summary>
    public ushort Streams { get; init; } = 1024;
    /// <summary>Receive window advertised, and the reassembly buffer's byte budget.</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;
    /// <summary>Largest message reassembled or sent (a=max-message-size, RFC 8841 section 6).</summary>
    public int MaxMessageSize { get; init; } = 262_144;
    /// <summary>Most DATA chunks held for reassembly or ordering.</summary>
    public int MaxReceiveChunks { get; init; } = 2048;
    /// <summary>Distance beyond the cumulative TSN that we track; DATA further ahead is dropped.</summary>
    public int TsnWindow { get; init; } = 4096;
    /// <summary>Delivered messages waiting for the owner.</summary>
    public int MaxDeliveryQueue { get; init; } = 1024;
    /// <summary>Bytes queued for sending, unsent and unacknowledged together.</summary>
    public int MaxSendQueueBytes { get; init; } = 2 * 1024 * 1024;
    /// <summary>RTO bounds (RFC 9260 section 16 gives 1 s, 1 s and 60 s; WebRTC stacks use a shorter minimum).</summary>
    public long RtoInitialMs { get; init; } = 1000;
    public long RtoMinMs { get; init; } = 200;
    public long RtoMaxMs { get; init; } = 10_000;
    /// <summary>Consecutive retransmission timeouts before the association is declared dead (Association.Max.Retrans).</summary>
    public int MaxRetransmissions { get; init; } = 10;
    /// <summary>How long a state cookie is valid (Valid.Cookie.Life, 60 s).</summary>
    public long CookieLifetimeMs { get; init; } = 60_000;
}

/// <summary>A reassembled message (RFC 8831: one data channel message per SCTP user message).</summary>
public readonly record struct SctpMessage(ushort StreamId, uint Ppid, byte[] Data, bool Unordered);

/// <summary>What the association reports to its owner besides messages.</summary>
public enum SctpEventKind
{
    /// <summary>COOKIE ECHO accepted: data can flow.</summary>
    Established,
    /// <summary>The peer reset the incoming stream <c>StreamId</c> (RE-CONFIG): its data channel closed.</summary>
    StreamReset,
    /// <summary>ABORT received, shutdown completed, or too many retransmissions: the association is gone.</summary>
    Closed,
}

public readonly record struct SctpEvent(SctpEventKind Kind, ushort StreamId = 0);
