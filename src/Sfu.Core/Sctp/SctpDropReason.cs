namespace Sfu.Core.Sctp;

/// <summary>Why an SCTP packet, chunk or message was dropped; counted per association (<see cref="SctpAssociation.Drops"/>).</summary>
public enum SctpDropReason
{
    None = 0,
    /// <summary>Shorter than a common header plus one chunk header.</summary>
    TooShort,
    /// <summary>CRC32c mismatch (RFC 9260 section 6.8).</summary>
    BadChecksum,
    /// <summary>Verification tag not ours (section 8.5).</summary>
    BadVerificationTag,
    /// <summary>A chunk length or a field inside it is inconsistent.</summary>
    MalformedChunk,
    /// <summary>INIT not alone in its packet, or with a non-zero tag (section 8.5.1).</summary>
    BadInit,
    /// <summary>COOKIE ECHO whose MAC does not verify.</summary>
    BadCookie,
    /// <summary>COOKIE ECHO older than the cookie lifetime.</summary>
    StaleCookie,
    /// <summary>A chunk that needs an association arrived before COOKIE ECHO, or after close.</summary>
    NoAssociation,
    /// <summary>An unknown chunk type whose high bits say "stop processing" (section 3.2).</summary>
    UnknownChunk,
    /// <summary>DATA for a stream id at or above the negotiated count.</summary>
    InvalidStream,
    /// <summary>DATA whose TSN is beyond the receive window we track.</summary>
    TsnOutOfWindow,
    /// <summary>DATA dropped because the reassembly buffer is full (the peer retransmits it).</summary>
    ReceiveBufferFull,
    /// <summary>A reassembled message above the maximum message size.</summary>
    MessageTooLarge,
    /// <summary>A delivered message the owner's queue had no room for.</summary>
    DeliveryQueueFull,
    /// <summary>A message the send queue had no room for.</summary>
    SendQueueFull,
    /// <summary>An outgoing message abandoned by partial reliability (RFC 3758).</summary>
    Abandoned,
    /// <summary>A control chunk the outbox had no room for.</summary>
    OutboxFull,
    /// <summary>Duplicate DATA (already received); acknowledged again, not delivered.</summary>
    DuplicateData,
}
