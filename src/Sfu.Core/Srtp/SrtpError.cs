namespace Sfu.Core.Srtp;

/// <summary>Why protect or unprotect refused a packet. The packet is dropped; the context is unchanged.</summary>
/// <remarks>Map to the shard's drop counters with <see cref="SrtpErrorExtensions.ToDropReason"/>.</remarks>
public enum SrtpError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>Shorter than a header plus the tag (SRTP), or than header, index and tag (SRTCP).</summary>
    TooShort,
    /// <summary>The version field is not 2.</summary>
    BadVersion,
    /// <summary>CSRC list or header extension runs past the end of the packet.</summary>
    Malformed,
    /// <summary>The SSRC is not known to this context and may not be learned (not allowed, or the table is full).</summary>
    UnknownSsrc,
    /// <summary>The packet index was already received or is older than the replay window (RFC 3711 section 3.3.2).</summary>
    Replay,
    /// <summary>The authentication tag did not verify.</summary>
    AuthFailed,
    /// <summary>Protect: the caller's buffer has no room for the tag (and SRTCP index).</summary>
    BufferTooSmall,
    /// <summary>Protect: the packet index space of this master key is used up (2^31 SRTCP, 2^48 SRTP); re-key.</summary>
    IndexExhausted,
}
