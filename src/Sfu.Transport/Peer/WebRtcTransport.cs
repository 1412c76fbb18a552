using Sfu.Core.Diagnostics;
using Sfu.Core.Sctp;
using Sfu.Core.Sctp.DataChannels;
using Sfu.Core.Srtp;
using Sfu.Transport.Demux;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Peer;

/// <summary>
/// One peer connection on a shard: ICE-lite (inherited), then DTLS from the ICE-validated address, then
/// SRTP/SRTCP in both directions. Decrypted media goes to an <see cref="IPeerMediaHandler"/>; media to send
/// is protected in place in the shard's send slot (<see cref="SendRtp"/>, <see cref="SendRtcp"/>).
/// </summary>
/// <remarks>
/// <para>States: New -[valid STUN]-> IceConnected -[DTLS handshake done, keys installed]-> Connected
/// -[consent lost, DTLS failed or closed, owner close]-> Closed.</para>
/// <para>DTLS runs on the handshake pool; its events are posted back to the shard, so every field here is
/// touched by the shard thread only. SRTP that arrives between the server's last flight and the keys being
/// installed (BouncyCastle sends its Finished before it can export keys) is held, at most
/// <see cref="MaxHeldPackets"/> packets for <see cref="MaxHoldMs"/> ms, and processed once keys exist.</para>
/// </remarks>
public sealed class WebRtcTransport : IceLiteShardSession
{
    /// <summary>Most SRTP/SRTCP packets held while the keys are being installed.</summary>
    public const int MaxHeldPackets = 64;
    /// <summary>How long a held packet may wait for the keys.</summary>
    public const long MaxHoldMs = 200;

    private readonly DtlsOptions _dtlsOptions;
    private readonly DtlsHandshakePool? _pool;
    private readonly SrtpContextOptions _srtpOptions;
    private readonly IPeerMediaHandler _handler;
    private readonly byte[] _dtlsOut;
    private readonly Func<DtlsOptions, DtlsHandshakePool?, IDtlsEngine> _dtlsFactory;
    private IDtlsEngine? _dtls;
    private SocketAddressKey _dtlsPeer;
    private SocketAddressKey _rentedTo;
    private SrtpContext? _rx;
    private SrtpContext? _tx;
    private HeldPacket[]? _held;
    private int _heldCount;
    private bool _closed;
    private DataChannelEndpoint? _data;
    private byte[]? _sctpOut;
    private readonly SctpOptions _sctpOptions = new();

    private struct HeldPacket
    {
        public byte[] Buffer;
        public int Length;
        public long ArrivedMs;
        public DatagramKind Kind;
    }

    public WebRtcTransport(IceCredentials local, DtlsOptions dtlsOptions, IPeerMediaHandler handler,
        DtlsHandshakePool? pool = null, SrtpContextOptions? srtpOptions = null, TimeSpan? consentTimeout = null)
        : this(local, dtlsOptions, handler, pool, srtpOptions, consentTimeout, dtlsFactory: null)
    {
    }

    /// <summary>Tests substitute the DTLS engine through <paramref name="dtlsFactory"/>.</summary>
    internal WebRtcTransport(IceCredentials local, DtlsOptions dtlsOptions, IPeerMediaHandler handler,
        DtlsHandshakePool? pool, SrtpContextOptions? srtpOptions, TimeSpan? consentTimeout,
        Func<DtlsOptions, DtlsHandshakePool?, IDtlsEngine>? dtlsFactory)
        : base(local, consentTimeout)
    {
        _dtlsFactory = dtlsFactory ?? ((o, p) => new BouncyCastleDtlsEngine(o, p));
        ArgumentNullException.ThrowIfNull(dtlsOptions);
        ArgumentNullException.ThrowIfNull(handler);
        _dtlsOptions = dtlsOptions;
        _pool = pool;
        _handler = handler;
        _srtpOptions = srtpOptions ?? SrtpContextOptions.Default;
        _dtlsOut = new byte[Math.Max(dtlsOptions.Mtu, 1500)];
    }

    /// <summary>True once the SRTP keys are installed.</summary>
    public bool IsConnected => _tx is not null;

    /// <summary>The negotiated SRTP profile, once connected.</summary>
    public SrtpProfile Profile => _tx?.Profile ?? SrtpProfile.None;

    /// <summary>The DTLS engine, once the first DTLS datagram arrived (or <see cref="StartDtlsClient"/> ran).</summary>
    public IDtlsEngine? Dtls => _dtls;

    /// <summary>SRTP/SRTCP packets that waited for the keys (held, then processed or dropped).</summary>
    public long HeldPackets { get; private set; }

    /// <summary>
    /// Data channels (SCTP over DTLS), created when the first SCTP packet arrives; null before. Open channels
    /// and send on the shard thread, then call <see cref="FlushData"/> (done for you inside handler callbacks).
    /// </summary>
    public DataChannelEndpoint? DataChannels => _data;

    /// <summary>Packets sent (RTP and RTCP) and received after decryption; for tests and stats.</summary>
    public long RtpSent { get; private set; }
    public long RtpReceived { get; private set; }
    public long RtcpSent { get; private set; }
    public long RtcpReceived { get; private set; }

    /// <summary>Bytes of SRTP overhead the send buffer must leave after an RTP packet.</summary>
    public int RtpOverhead => _tx?.RtpOverhead ?? 16;

    /// <summary>
    /// In the DTLS client role (a=setup:active) the server starts the handshake once ICE validated the peer.
    /// Called by the owner when ICE connects; harmless in the server role.
    /// </summary>
    public void StartDtlsClient(in SocketAddressKey peer)
    {
        if (_dtlsOptions.Role != DtlsRole.Client || _dtls is not null || _closed) return;
        _dtlsPeer = peer;
        CreateDtls().Start();
    }

    /// <inheritdoc />
    public override void OnAttached(Sharding.Shard shard, long nowMs)
    {
        base.OnAttached(shard, nowMs);
        // In the DTLS client role (we answered a=setup:active) the handshake starts once ICE has a pair.
        if (_dtlsOptions.Role == DtlsRole.Client)
            StateChanged += (_, state) =>
            {
                if (state == IceState.Connected && Agent is { SelectedAddress.IsEmpty: false } agent) StartDtlsClient(agent.SelectedAddress);
            };
    }

    /// <inheritdoc />
    protected override void OnValidatedDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        if (_closed) return;
        switch (kind)
        {
            case DatagramKind.Dtls:
                _dtlsPeer = source;
                (_dtls ?? CreateDtls()).HandleDatagram(datagram);
                DrainDtls();
                break;
            case DatagramKind.Rtp or DatagramKind.Rtcp:
                if (_rx is null)
                {
                    Hold(nowMs, kind, datagram);
                    return;
                }
                Unprotect(nowMs, kind, datagram);
                break;
            default:
                Shard!.Drop(PacketDropReason.UnsupportedKind);
                break;
        }
    }

    private IDtlsEngine CreateDtls()
    {
        var engine = _dtlsFactory(_dtlsOptions, _pool);
        _dtls = engine;
        var shard = Shard!;
        // Engine events may come on a handshake thread: hop to the shard before touching any state.
        engine.TransmitReady += _ => shard.Post(_ => DrainDtls());
        engine.HandshakeCompleted += (_, keys) => shard.Post(s => OnKeys(s.NowMs, keys));
        engine.Failed += (_, failure) => shard.Post(s => Fail(s.NowMs, "DTLS failed: " + failure));
        engine.Closed += _ => shard.Post(s => Fail(s.NowMs, "DTLS close_notify"));
        engine.ApplicationDataReceived += (_, data) =>
        {
            // Usually raised inside HandleDatagram on this shard; once, for records that raced the handshake's
            // end, on the handshake thread: those are copied and posted.
            if (shard.IsOnShardThread) OnSctpPacket(shard.NowMs, data);
            else
            {
                var copy = data.ToArray();
                shard.Post(s => OnSctpPacket(s.NowMs, copy));
            }
        };
        return engine;
    }

    private void DrainDtlsForClose()
    {
        if (_dtls is null || _dtlsPeer.IsEmpty || Shard is null) return;
        while (_dtls.TryPollTransmit(_dtlsOut, out var length))
            Shard.Send(_dtlsOut.AsSpan(0, length), _dtlsPeer);
    }

    private void DrainDtls()
    {
        if (_dtls is null || _closed || _dtlsPeer.IsEmpty) return;
        while (_dtls.TryPollTransmit(_dtlsOut, out var length))
            Shard!.Send(_dtlsOut.AsSpan(0, length), _dtlsPeer);
    }

    private void OnSctpPacket(long nowMs, ReadOnlySpan<byte> packet)
    {
        if (_closed) return;
        if (_data is null)
        {
            // RFC 8832 section 6: the DTLS client uses even stream ids, the server odd ones.
            _data = new DataChannelEndpoint(new SctpAssociation(_sctpOptions), _dtlsOptions.Role == DtlsRole.Server);
            _sctpOut = new byte[_sctpOptions.Mtu];
        }
        _data.HandlePacket(packet, nowMs);
        DispatchData(nowMs);
        FlushData(nowMs);
    }

    private void DispatchData(long nowMs)
    {
        var handler = _handler as IPeerDataHandler;
        var wasEstablished = _dataEstablished;
        _dataEstablished = _data!.IsEstablished;
        if (!wasEstablished && _dataEstablished) handler?.OnDataAssociationEstablished(this, nowMs);
        while (_data.TryPollEvent(out var e))
        {
            if (handler is null) continue;
            switch (e.Kind)
            {
                case DataChannelEventKind.Opened:
                    handler.OnDataChannelOpened(this, e.Channel!, nowMs);
                    break;
                case DataChannelEventKind.Message:
                    handler.OnDataChannelMessage(this, e.Channel!, e.Data!, e.Binary, nowMs);
                    break;
                case DataChannelEventKind.Closed:
                    handler.OnDataChannelClosed(this, e.Channel, nowMs);
                    break;
            }
        }
    }

    private bool _dataEstablished;

    /// <summary>
    /// Sends what the SCTP association has due (SACKs, DATA the windows allow, control chunks) as DTLS
    /// application data and re-arms the timer. Call after sending on <see cref="DataChannels"/>.
    /// </summary>
    public void FlushData(long nowMs)
    {
        if (_data is null || _dtls is null || _closed) return;
        var association = _data.Association;
        // Bounded: each packet consumes window or queued control; 1024 packets is over 1 MiB.
        for (var i = 0; i < 1024 && association.TryPollTransmit(_sctpOut, nowMs, out var length); i++)
            if (!_dtls.SendApplicationData(_sctpOut.AsSpan(0, length))) Shard?.Drop(PacketDropReason.NotKeyed);
        DrainDtls();
        RescheduleTimer();
        ReportSctpDrops(association);
    }

    private long[]? _sctpDropsReported;

    /// <summary>Adds what the association dropped since the last report to the shard's counters (exported at /metrics).</summary>
    private void ReportSctpDrops(SctpAssociation association)
    {
        var drops = association.Drops;
        _sctpDropsReported ??= new long[drops.Length];
        for (var i = 1; i < drops.Length; i++)
        {
            var delta = drops[i] - _sctpDropsReported[i];
            if (delta == 0) continue;
            _sctpDropsReported[i] = drops[i];
            Shard?.Counters.SctpDrop((SctpDropReason)i, delta);
        }
    }

    /// <inheritdoc />
    protected override long ExtraTimerDueMs => _data?.Association.NextTimeoutMs ?? long.MaxValue;

    /// <inheritdoc />
    public override void OnTimer(long nowMs)
    {
        if (_data is not null && !_closed && nowMs >= _data.Association.NextTimeoutMs)
        {
            _data.HandleTimeout(nowMs);
            DispatchData(nowMs);
            FlushData(nowMs);
        }
        base.OnTimer(nowMs);
    }

    private void OnKeys(long nowMs, DtlsSrtpKeys keys)
    {
        if (_closed || _tx is not null) return;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        // The peer protects with its own write key and salt; we unprotect with them, and protect with ours.
        _rx = SrtpContext.Create(profile, keys.RemoteKey, keys.RemoteSalt, _srtpOptions);
        _tx = SrtpContext.Create(profile, keys.LocalKey, keys.LocalSalt, _srtpOptions);
        _handler.OnConnected(this, nowMs);
        ReleaseHeld(nowMs);
    }

    private void Unprotect(long nowMs, DatagramKind kind, Span<byte> datagram)
    {
        if (kind == DatagramKind.Rtp)
        {
            if (!_rx!.TryUnprotectRtp(datagram, out var plain, out var error))
            {
                Shard!.Drop(error.ToDropReason());
                return;
            }
            RtpReceived++;
            _handler.OnRtp(this, nowMs, datagram[..plain]);
        }
        else
        {
            if (!_rx!.TryUnprotectRtcp(datagram, out var plain, out var error))
            {
                Shard!.Drop(error.ToDropReason());
                return;
            }
            RtcpReceived++;
            _handler.OnRtcp(this, nowMs, datagram[..plain]);
        }
    }

    private void Hold(long nowMs, DatagramKind kind, ReadOnlySpan<byte> datagram)
    {
        if (_dtls is null || _heldCount == MaxHeldPackets || datagram.Length > 1500)
        {
            // No handshake under way, or the hold is full: these can never be decrypted in time.
            Shard!.Drop(PacketDropReason.NotKeyed);
            return;
        }
        _held ??= new HeldPacket[MaxHeldPackets];
        HeldPackets++;
        ref var slot = ref _held[_heldCount++];
        slot.Buffer ??= new byte[1500];
        datagram.CopyTo(slot.Buffer);
        slot.Length = datagram.Length;
        slot.ArrivedMs = nowMs;
        slot.Kind = kind;
    }

    private void ReleaseHeld(long nowMs)
    {
        if (_held is null) return;
        for (var i = 0; i < _heldCount && !_closed; i++)
        {
            ref var p = ref _held[i];
            if (nowMs - p.ArrivedMs > MaxHoldMs) Shard!.Drop(PacketDropReason.NotKeyed);
            else Unprotect(nowMs, p.Kind, p.Buffer.AsSpan(0, p.Length));
        }
        _heldCount = 0;
        _held = null; // the hold is only needed once per handshake
    }

    /// <summary>
    /// Protects a plaintext RTP packet into the shard's send batch for the selected ICE address.
    /// False (and counted) when not connected or the packet could not be protected.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> plain) => Send(plain, rtcp: false);

    /// <summary>Protects a plaintext RTCP compound into the shard's send batch.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> plain) => Send(plain, rtcp: true);

    private bool Send(ReadOnlySpan<byte> plain, bool rtcp)
    {
        var slot = RentSendSlot();
        if (slot.IsEmpty) return false;
        if (slot.Length < plain.Length + (rtcp ? _tx!.RtcpOverhead : _tx!.RtpOverhead))
        {
            CancelSendSlot(PacketDropReason.Overflow);
            return false;
        }
        plain.CopyTo(slot);
        return CommitSendSlot(plain.Length, rtcp);
    }

    /// <summary>
    /// The shard's next send slot towards the selected ICE address, to write one plaintext packet into (the
    /// SRTP tag must fit after it); then <see cref="CommitSendSlot"/> protects it in place, or
    /// <see cref="CancelSendSlot"/> gives it back. Empty (and counted NotKeyed) when nothing can be sent yet.
    /// Saves the copy of <see cref="SendRtp"/> when the packet is built in place (the forwarding engine).
    /// </summary>
    public Span<byte> RentSendSlot()
    {
        var shard = Shard;
        var agent = Agent;
        if (_tx is null || _closed || shard is null || agent is null || agent.SelectedAddress.IsEmpty)
        {
            shard?.Drop(PacketDropReason.NotKeyed);
            return [];
        }
        _rentedTo = agent.SelectedAddress;
        return shard.GetSendBuffer(_rentedTo);
    }

    /// <summary>Protects the <paramref name="length"/> plaintext bytes at the start of the rented slot and queues them.</summary>
    public bool CommitSendSlot(int length, bool rtcp)
    {
        var shard = Shard!;
        var slot = shard.GetRentedSendBuffer();
        bool ok;
        int protectedLength;
        SrtpError error;
        if (rtcp) ok = _tx!.TryProtectRtcp(slot, length, out protectedLength, out error);
        else ok = _tx!.TryProtectRtp(slot, length, out protectedLength, out error);
        if (!ok)
        {
            CancelSendSlot(error.ToDropReason());
            return false;
        }
        if (rtcp) RtcpSent++;
        else RtpSent++;
        return shard.CommitSend(_rentedTo, protectedLength);
    }

    /// <summary>Gives the rented slot back unsent, counting <paramref name="reason"/> unless it is None.</summary>
    public void CancelSendSlot(PacketDropReason reason)
    {
        Shard?.CancelSend();
        if (reason != PacketDropReason.None) Shard?.Drop(reason);
    }

    /// <summary>Closes the transport from its owner (shard thread): close_notify, then the session leaves the shard.</summary>
    public void Close() => Shard?.CloseSession(this);

    /// <summary>Why the transport closed itself (DTLS failure or close_notify), for logs and tests; null otherwise.</summary>
    public string? CloseReason { get; private set; }

    private void Fail(long nowMs, string why)
    {
        if (_closed) return;
        CloseReason = why;
        _ = nowMs;
        Shard?.CloseSession(this);
    }

    /// <inheritdoc />
    public override void OnDetached(long nowMs)
    {
        if (_closed) return;
        _closed = true;
        if (_data is { } data && _dtls is not null && _sctpOut is not null)
        {
            // An ABORT (RFC 9260 section 9.1) lets the peer's channels close at once instead of timing out.
            data.Association.Abort();
            while (data.Association.TryPollTransmit(_sctpOut, nowMs, out var length)) _dtls.SendApplicationData(_sctpOut.AsSpan(0, length));
            DrainDtlsForClose();
        }
        _dtls?.Close();
        _dtls?.Dispose();
        _rx?.Dispose();
        _tx?.Dispose();
        base.OnDetached(nowMs);
        _handler.OnClosed(this, nowMs);
    }
}
