namespace Sfu.Transport.Dtls;

/// <summary>
/// One DTLS-SRTP session, sans-IO at its boundary: the shard feeds it the DTLS datagrams of one
/// ICE-validated 5-tuple and sends whatever it polls out. Implementations may run the handshake elsewhere
/// (BouncyCastle's runs on <see cref="DtlsHandshakePool"/>), so events can be raised off the shard thread.
/// </summary>
/// <remarks>
/// Contract for the caller (the shard):
/// <list type="bullet">
/// <item>Feed only datagrams from the ICE-validated address whose first byte is 20..63 (RFC 7983 §7):
/// DTLS from anywhere else must create no engine and get no reply (security.md, the ClientHello race).</item>
/// <item>After each <see cref="HandleDatagram"/>, and whenever <see cref="TransmitReady"/> fires, drain
/// <see cref="TryPollTransmit"/> until it returns false and send each datagram to the peer.</item>
/// <item><see cref="HandshakeCompleted"/>, <see cref="Failed"/> and <see cref="TransmitReady"/> may be
/// raised on a handshake thread: post them to the shard. <see cref="ApplicationDataReceived"/> is raised on
/// the thread that called <see cref="HandleDatagram"/>, or once on the handshake thread for records that
/// arrived while the handshake was finishing.</item>
/// </list>
/// </remarks>
public interface IDtlsEngine : IDisposable
{
    /// <summary>The role this engine plays.</summary>
    DtlsRole Role { get; }

    /// <summary>Where the session is in its life cycle.</summary>
    DtlsEngineState State { get; }

    /// <summary>The exported SRTP keys once <see cref="DtlsEngineState.Connected"/>; null before and on failure.</summary>
    DtlsSrtpKeys? Keys { get; }

    /// <summary>Why the session failed, once <see cref="DtlsEngineState.Failed"/>.</summary>
    DtlsFailure? Failure { get; }

    /// <summary>Datagrams dropped unread: queue full, too large, malformed, or after close/failure.</summary>
    long DroppedDatagrams { get; }

    /// <summary>
    /// Input discarded after the handshake, never fatal (RFC 6347 §4.1.2.7): each malformed datagram counts
    /// once, each application_data record that failed authentication or replay checks counts once.
    /// </summary>
    long DiscardedRecords { get; }

    /// <summary>Application-data records decrypted and surfaced.</summary>
    long ApplicationRecordsReceived { get; }

    /// <summary>Raised when datagrams are waiting in <see cref="TryPollTransmit"/> (possibly on a handshake thread).</summary>
    event Action<IDtlsEngine>? TransmitReady;

    /// <summary>Raised once when the handshake completed and keys were exported.</summary>
    event Action<IDtlsEngine, DtlsSrtpKeys>? HandshakeCompleted;

    /// <summary>Raised once when the session failed (timeout, fingerprint mismatch, alert, ...).</summary>
    event Action<IDtlsEngine, DtlsFailure>? Failed;

    /// <summary>Raised once when the peer closed the session with close_notify.</summary>
    event Action<IDtlsEngine>? Closed;

    /// <summary>Raised for each decrypted application_data record (SCTP).</summary>
    event DtlsApplicationDataHandler? ApplicationDataReceived;

    /// <summary>
    /// Starts the handshake (queues it on the handshake pool). A client must call it; a server starts on its
    /// first datagram anyway. The handshake timeout counts from here.
    /// </summary>
    void Start();

    /// <summary>Feeds one received DTLS datagram (copied; the span may be reused after the call).</summary>
    void HandleDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Takes the next datagram to send into <paramref name="destination"/> (at least the MTU long).
    /// False when nothing is waiting.
    /// </summary>
    bool TryPollTransmit(Span<byte> destination, out int length);

    /// <summary>Encrypts and queues one application_data record (SCTP). False unless connected.</summary>
    bool SendApplicationData(ReadOnlySpan<byte> data);

    /// <summary>
    /// Closes the session: sends close_notify (RFC 5246 §7.2.1) when connected, cancels a running handshake,
    /// and drops queued input. Idempotent; raises no event.
    /// </summary>
    void Close();
}
