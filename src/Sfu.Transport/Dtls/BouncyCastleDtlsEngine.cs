using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// <see cref="IDtlsEngine"/> on BouncyCastle's DTLS 1.2 (<see cref="DtlsServerProtocol"/> /
/// <see cref="DtlsClientProtocol"/>). The blocking handshake runs on a <see cref="DtlsHandshakePool"/>
/// thread, pulling datagrams from a bounded <see cref="DtlsQueueTransport"/>; afterwards the shard thread
/// pumps records through BouncyCastle's <see cref="DtlsTransport"/> without blocking.
/// </summary>
/// <remarks>
/// <para>No HelloVerifyRequest: BouncyCastle's cookie exchange never answers Chromium's fragmented
/// ClientHello (dtls-notes pitfall 3), and the shard only feeds DTLS from an ICE-validated address, which
/// already proves the peer owns it (RFC 6347 §4.2.1 makes the cookie optional for exactly that reason).</para>
/// <para>After the handshake every record still goes through BouncyCastle: a retransmitted client Finished
/// (epoch 0 handshake) makes the server resend its last flight (RFC 6347 §4.2.4), alerts are seen, and
/// records that fail authentication are discarded, never fatal (RFC 6347 §4.1.2.7).</para>
/// </remarks>
public sealed class BouncyCastleDtlsEngine : IDtlsEngine, IDtlsPeerCallbacks
{
    private readonly DtlsOptions _options;
    private readonly DtlsHandshakePool _pool;
    private readonly DtlsQueueTransport _transport;
    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _transmits = new();
    private readonly object _gate = new();
    private readonly byte[] _receiveBuffer = new byte[DtlsQueueTransport.ReceiveLimit];
    private int _transmitCount;
    private volatile DtlsEngineState _state = DtlsEngineState.New;
    private DtlsTransport? _dtls;
    private DtlsSrtpKeys? _exportedKeys;
    private DtlsSrtpKeys? _keys;
    private DtlsFailure? _failure;
    private volatile bool _fingerprintMismatch;
    private volatile bool _peerClosed;
    private int _alertReceived = -1;
    private int _alertRaised = -1;
    private long _dropped;
    private long _discarded;
    private long _applicationRecords;
    private long _droppedTransmits;

    /// <summary>Creates an engine; nothing runs until <see cref="Start"/> or (server) the first datagram.</summary>
    public BouncyCastleDtlsEngine(DtlsOptions options, DtlsHandshakePool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Certificate);
        ArgumentNullException.ThrowIfNull(options.RemoteFingerprint);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Mtu, 256);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Mtu, DtlsQueueTransport.ReceiveLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedDatagrams, 1);
        if (options.SrtpProfiles.Count == 0 || !options.SrtpProfiles.All(DtlsSrtpProfiles.IsSupported))
            throw new ArgumentException("SRTP profiles must be a non-empty list of supported profiles", nameof(options));
        _options = options;
        _pool = pool ?? DtlsHandshakePool.Shared;
        _transport = new DtlsQueueTransport(options.MaxQueuedDatagrams, options.Mtu, OnTransmit);
    }

    /// <inheritdoc/>
    public DtlsRole Role => _options.Role;

    /// <inheritdoc/>
    public DtlsEngineState State => _state;

    /// <inheritdoc/>
    public DtlsSrtpKeys? Keys => Volatile.Read(ref _keys);

    /// <inheritdoc/>
    public DtlsFailure? Failure => Volatile.Read(ref _failure);

    /// <inheritdoc/>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public long DiscardedRecords => Interlocked.Read(ref _discarded);

    /// <inheritdoc/>
    public long ApplicationRecordsReceived => Interlocked.Read(ref _applicationRecords);

    /// <summary>Outgoing datagrams dropped because the shard did not poll them (cap <see cref="DtlsOptions.MaxQueuedTransmits"/>).</summary>
    public long DroppedTransmits => Interlocked.Read(ref _droppedTransmits);

    /// <summary>
    /// CPU time the handshake thread spent inside BouncyCastle for this handshake (Linux; zero elsewhere):
    /// the server-side cost of a handshake, excluding time spent waiting for the peer.
    /// </summary>
    public TimeSpan HandshakeCpuTime { get; private set; }

    /// <summary>Wall-clock time from the handshake thread picking the handshake up to its end.</summary>
    public TimeSpan HandshakeWallTime { get; private set; }

    /// <summary>Datagrams waiting for the handshake thread (bounded by <see cref="DtlsOptions.MaxQueuedDatagrams"/>).</summary>
    public int QueuedDatagrams => _transport.Count;

    /// <inheritdoc/>
    public event Action<IDtlsEngine>? TransmitReady;

    /// <inheritdoc/>
    public event Action<IDtlsEngine, DtlsSrtpKeys>? HandshakeCompleted;

    /// <inheritdoc/>
    public event Action<IDtlsEngine, DtlsFailure>? Failed;

    /// <inheritdoc/>
    public event Action<IDtlsEngine>? Closed;

    /// <inheritdoc/>
    public event DtlsApplicationDataHandler? ApplicationDataReceived;

    /// <inheritdoc/>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != DtlsEngineState.New) return;
            _state = DtlsEngineState.Handshaking;
            var timeoutTicks = (long)(_options.HandshakeTimeout.TotalSeconds * Stopwatch.Frequency);
            _transport.SetDeadline(Stopwatch.GetTimestamp() + timeoutTicks);
        }
        if (!_pool.TryQueue(RunHandshake))
            Fail(new DtlsFailure(DtlsFailureReason.Overloaded, -1, "handshake pool queue full"));
    }

    /// <inheritdoc/>
    public void HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        var state = _state;
        if (state == DtlsEngineState.New)
        {
            // A client only speaks after Start; a server's handshake starts with the peer's first datagram.
            if (Role == DtlsRole.Client)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            Start();
            state = _state;
        }
        if (state is DtlsEngineState.Closed or DtlsEngineState.Failed)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (!DtlsRecordHeader.TryValidateDatagram(datagram, out _, out var applicationRecords, out _))
        {
            // Malformed framing: BouncyCastle would discard it too; dropping here keeps it out of the queue.
            Interlocked.Increment(ref state == DtlsEngineState.Connected ? ref _discarded : ref _dropped);
            return;
        }
        if (!_transport.TryEnqueue(datagram))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        // Read the state after enqueueing: either we see Connected and pump, or the handshake thread sets
        // Connected later and its own pump finds this datagram.
        if (_state == DtlsEngineState.Connected) Pump(applicationRecords);
    }

    /// <inheritdoc/>
    public bool TryPollTransmit(Span<byte> destination, out int length)
    {
        if (destination.Length < _options.Mtu)
            throw new ArgumentException("destination must hold at least one MTU", nameof(destination));
        if (!_transmits.TryDequeue(out var item))
        {
            length = 0;
            return false;
        }
        Interlocked.Decrement(ref _transmitCount);
        item.Buffer.AsSpan(0, item.Length).CopyTo(destination);
        length = item.Length;
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return true;
    }

    /// <inheritdoc/>
    public bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_state != DtlsEngineState.Connected || _dtls is null) return false;
            try
            {
                _dtls.Send(data);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Close()
    {
        lock (_gate)
        {
            var state = _state;
            if (state is DtlsEngineState.Closed or DtlsEngineState.Failed) return;
            _state = DtlsEngineState.Closed;
            if (state == DtlsEngineState.Connected && _dtls is not null)
            {
                try
                {
                    _dtls.Close(); // sends close_notify through OnTransmit, then closes the transport
                }
                catch (IOException)
                {
                    // Nothing more to do: the session is closed either way.
                }
            }
            _transport.Abort();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Close();

    private void RunHandshake()
    {
        if (_state != DtlsEngineState.Handshaking) return; // closed while queued
        DtlsTransport dtls;
        var cpuAtStart = ThreadCpuTime.Current();
        var wallAtStart = Stopwatch.GetTimestamp();
        try
        {
            dtls = Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept(new DtlsSrtpServer(_options, this), _transport)
                : new DtlsClientProtocol().Connect(new DtlsSrtpClient(_options, this), _transport);
        }
#pragma warning disable CA1031 // Every handshake error becomes a Failed event; none may escape the pool thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RecordHandshakeCost(cpuAtStart, wallAtStart);
            if (_state == DtlsEngineState.Handshaking) Fail(Classify(e));
            return;
        }
        RecordHandshakeCost(cpuAtStart, wallAtStart);

        DtlsSrtpKeys? keys;
        DtlsFailure? failure = null;
        lock (_gate)
        {
            keys = _exportedKeys;
            if (_state != DtlsEngineState.Handshaking || keys is null)
            {
                // Closed meanwhile (or, defensively, no keys): the connection is not used.
                _transport.Abort();
                if (_state == DtlsEngineState.Handshaking)
                {
                    failure = new DtlsFailure(DtlsFailureReason.InternalError, -1, "handshake completed without keying material");
                    FailLocked(failure);
                }
            }
            else
            {
                _dtls = dtls;
                _transport.SetNonBlocking();
                Volatile.Write(ref _keys, keys);
            }
        }
        if (failure is not null) Failed?.Invoke(this, failure);
        if (_dtls is null || keys is null) return;
        // Raise before Connected so no application data is surfaced ahead of the keys being known.
        if (_state == DtlsEngineState.Handshaking) HandshakeCompleted?.Invoke(this, keys);
        lock (_gate)
        {
            if (_state == DtlsEngineState.Handshaking) _state = DtlsEngineState.Connected;
        }
        Pump(0);
    }

    /// <summary>
    /// Runs queued records through BouncyCastle without blocking. <paramref name="expectedApplicationRecords"/>
    /// is how many application_data records the datagram just queued carried; those that yield nothing were
    /// discarded by BouncyCastle (bad MAC, replay) and are counted.
    /// </summary>
    private void Pump(int expectedApplicationRecords)
    {
        var surfaced = 0;
        var closedByPeer = false;
        DtlsFailure? failure = null;
        lock (_gate)
        {
            if (_state != DtlsEngineState.Connected || _dtls is null) return;
            try
            {
                while (true)
                {
                    // Records left from the last datagram wait in BouncyCastle's own record queue
                    // (RFC 6347 §4.1.1: several records may share a datagram); no transport read needed.
                    int received;
                    while ((received = _dtls.ReceivePending(_receiveBuffer, 0, _receiveBuffer.Length)) >= 0)
                        surfaced += Surface(received);
                    // Checked first so the common case (one application record per datagram) ends without
                    // the drained-queue exception; only single-threaded callers enqueue now, under this lock.
                    if (_transport.Count == 0) break;
                    // waitMillis 1, not 0: BouncyCastle reads 0 as "forever". If a datagram yields nothing
                    // (a handshake retransmission, a discarded record) BouncyCastle reads again, and the
                    // transport throws DtlsQueueDrainedException at once instead of letting it wait.
                    received = _dtls.Receive(_receiveBuffer, 0, _receiveBuffer.Length, 1);
                    if (received >= 0) surfaced += Surface(received);
                }
            }
            catch (DtlsQueueDrainedException)
            {
                // Queue empty: done.
            }
#pragma warning disable CA1031 // Any error from BouncyCastle here ends the session with a reason; none may reach the shard.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (!_peerClosed) failure = Classify(e);
            }
            if (_peerClosed)
            {
                closedByPeer = true;
                _state = DtlsEngineState.Closed;
                _transport.Abort();
            }
            else if (failure is not null)
            {
                failure = FailLocked(failure) ? failure : null;
            }
        }
        if (surfaced < expectedApplicationRecords)
            Interlocked.Add(ref _discarded, expectedApplicationRecords - surfaced);
        if (closedByPeer) Closed?.Invoke(this);
        if (failure is not null) Failed?.Invoke(this, failure);
    }

    private void RecordHandshakeCost(TimeSpan cpuAtStart, long wallAtStart)
    {
        HandshakeCpuTime = ThreadCpuTime.Current() - cpuAtStart;
        HandshakeWallTime = Stopwatch.GetElapsedTime(wallAtStart);
    }

    private int Surface(int length)
    {
        Interlocked.Increment(ref _applicationRecords);
        ApplicationDataReceived?.Invoke(this, _receiveBuffer.AsSpan(0, length));
        return 1;
    }

    private void Fail(DtlsFailure failure)
    {
        bool raised;
        lock (_gate) raised = FailLocked(failure);
        if (raised) Failed?.Invoke(this, failure);
    }

    private bool FailLocked(DtlsFailure failure)
    {
        if (_state is DtlsEngineState.Closed or DtlsEngineState.Failed) return false;
        _state = DtlsEngineState.Failed;
        Volatile.Write(ref _failure, failure);
        _transport.Abort();
        return true;
    }

    private DtlsFailure Classify(Exception e)
    {
        if (_fingerprintMismatch)
            return new DtlsFailure(DtlsFailureReason.FingerprintMismatch, AlertDescription.bad_certificate, "peer certificate does not match the SDP fingerprint");
        switch (e)
        {
            case DtlsDeadlineException:
            case TlsTimeoutException:
                return new DtlsFailure(DtlsFailureReason.Timeout, -1, "handshake timed out after " + _options.HandshakeTimeout.TotalMilliseconds + " ms");
            case TlsFatalAlertReceived received:
                return new DtlsFailure(DtlsFailureReason.AlertReceived, received.AlertDescription, "peer sent fatal alert " + AlertDescription.GetText(received.AlertDescription));
            case TlsFatalAlert raised:
                return new DtlsFailure(DtlsFailureReason.AlertSent, raised.AlertDescription, "fatal alert " + AlertDescription.GetText(raised.AlertDescription) + ": " + e.Message);
            default:
                var alert = Volatile.Read(ref _alertReceived) >= 0 ? _alertReceived : _alertRaised;
                return alert >= 0 && alert == _alertReceived
                    ? new DtlsFailure(DtlsFailureReason.AlertReceived, alert, "peer sent alert " + AlertDescription.GetText((short)alert))
                    : new DtlsFailure(DtlsFailureReason.InternalError, _alertRaised, e.GetType().Name + ": " + e.Message);
        }
    }

    private void OnTransmit(ReadOnlySpan<byte> datagram)
    {
        if (Interlocked.Increment(ref _transmitCount) > _options.MaxQueuedTransmits)
        {
            Interlocked.Decrement(ref _transmitCount);
            Interlocked.Increment(ref _droppedTransmits);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        _transmits.Enqueue((buffer, datagram.Length));
        TransmitReady?.Invoke(this);
    }

    bool IDtlsPeerCallbacks.VerifyPeerCertificate(Certificate? chain)
    {
        // RFC 8122 §5 / security.md items 2, 14: the end-entity certificate must hash to the SDP fingerprint.
        var ok = chain is not null && !chain.IsEmpty && _options.RemoteFingerprint.Matches(chain.GetCertificateAt(0).GetEncoded());
        if (!ok) _fingerprintMismatch = true;
        return ok;
    }

    void IDtlsPeerCallbacks.OnHandshakeComplete(TlsContext context, DtlsSrtpProfile profile)
    {
        // Fail closed: never export keys unless the fingerprint was verified in this handshake.
        if (_fingerprintMismatch || !DtlsSrtpProfiles.IsSupported(profile)) return;
        var material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsSrtpProfiles.KeyingMaterialLength(profile));
        lock (_gate) _exportedKeys = new DtlsSrtpKeys(profile, Role, material);
    }

    void IDtlsPeerCallbacks.OnAlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify) _peerClosed = true;
        else if (level == AlertLevel.fatal) Volatile.Write(ref _alertReceived, description);
    }

    void IDtlsPeerCallbacks.OnAlertRaised(short level, short description, string? message)
    {
        if (level == AlertLevel.fatal) Volatile.Write(ref _alertRaised, description);
    }
}
