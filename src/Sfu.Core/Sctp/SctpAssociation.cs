using System.Security.Cryptography;

namespace Sfu.Core.Sctp;

/// <summary>Association states used here (RFC 9260 section 4, reduced: we never send INIT).</summary>
public enum SctpState
{
    /// <summary>Waiting for the peer's INIT / COOKIE ECHO; nothing is stored for an INIT (section 5.1.3).</summary>
    Listening,
    Established,
    /// <summary>The peer sent SHUTDOWN; we answer SHUTDOWN ACK once our data is acknowledged.</summary>
    ShutdownReceived,
    ShutdownAckSent,
    Closed,
}

/// <summary>
/// One SCTP association as WebRTC runs it over DTLS (RFC 8261; RFC 9260 for SCTP), sans-IO: the owner feeds
/// each decrypted DTLS record with <see cref="HandlePacket"/>, drains <see cref="TryPollTransmit"/> into DTLS
/// application data, <see cref="TryPollMessage"/> and <see cref="TryPollEvent"/> into the data channel
/// layer, and calls <see cref="HandleTimeout"/> at <see cref="NextTimeoutMs"/>. Time is passed in
/// (milliseconds). Both WebRTC peers send INIT; we only ever answer (an INIT collision becomes the peer's
/// handshake with our answer, which every stack accepts), so the server side is passive.
/// </summary>
/// <remarks>
/// Bad input never throws: every packet, chunk and message that is refused is counted in <see cref="Drops"/>
/// by <see cref="SctpDropReason"/>. Memory is bounded by <see cref="SctpOptions"/>.
/// </remarks>
public sealed class SctpAssociation
{
    private const int MaxControlChunks = 16;

    private readonly SctpOptions _options;
    private readonly Random? _random;
    private readonly byte[] _cookieKey = new byte[32];
    private readonly Queue<(uint Tag, byte[] Chunk)> _control = new();
    private readonly Queue<SctpEvent> _events = new();
    private readonly long[] _drops = new long[Enum.GetValues<SctpDropReason>().Length];
    private readonly SctpRto _rto;
    private SctpReceiveBuffer? _rx;
    private SctpSendQueue? _tx;
    private uint _localTag;
    private uint _peerTag;
    private ushort _peerPort;
    private ushort _inboundStreams;
    private bool _peerForwardTsn;

    /// <param name="options">Limits and timers.</param>
    /// <param name="random">Deterministic tags, TSNs and cookie key for tests; null uses the crypto RNG.</param>
    public SctpAssociation(SctpOptions? options = null, Random? random = null)
    {
        _options = options ?? new SctpOptions();
        _random = random;
        Fill(_cookieKey);
        _rto = new SctpRto(_options);
        _peerPort = _options.Port;
    }

    public SctpState State { get; private set; } = SctpState.Listening;
    public SctpOptions Options => _options;
    /// <summary>Streams we may send on (min of our OS and the peer's MIS).</summary>
    public ushort OutboundStreams { get; private set; }
    public bool PeerSupportsForwardTsn => _peerForwardTsn;
    public long PacketsReceived { get; private set; }
    public long PacketsSent { get; private set; }
    public long MessagesReceived { get; private set; }
    public long MessagesSent { get; private set; }
    public long Retransmissions => _tx?.Retransmissions ?? 0;
    public long AbandonedMessages => _tx?.AbandonedMessages ?? 0;
    public int Cwnd => _tx?.Cwnd ?? 0;
    public long RtoMs => _rto.RtoMs;
    public int BufferedReceiveBytes => _rx?.BufferedBytes ?? 0;
    public int QueuedSendBytes => _tx?.QueuedBytes ?? 0;

    /// <summary>Drops by reason (index with <see cref="SctpDropReason"/>).</summary>
    public ReadOnlySpan<long> Drops => _drops;
    public long DropCount(SctpDropReason reason) => _drops[(int)reason];

    /// <summary>When <see cref="HandleTimeout"/> is next due (long.MaxValue: no timer).</summary>
    public long NextTimeoutMs => State is SctpState.Established or SctpState.ShutdownReceived && _tx is not null ? _tx.T3DueMs : long.MaxValue;

    private void Drop(SctpDropReason reason) => _drops[(int)reason]++;

    private void Fill(Span<byte> bytes)
    {
        if (_random is null) RandomNumberGenerator.Fill(bytes);
        else _random.NextBytes(bytes);
    }

    private uint RandomNonZero()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do
        {
            Fill(b);
            v = BitConverter.ToUInt32(b);
        } while (v == 0);
        return v;
    }

    /// <summary>Takes one SCTP packet (one DTLS application record).</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (packet.Length < SctpCommonHeader.Length + SctpChunk.HeaderLength)
        {
            Drop(SctpDropReason.TooShort);
            return;
        }
        if (!SctpCommonHeader.IsChecksumValid(packet))
        {
            Drop(SctpDropReason.BadChecksum);
            return;
        }
        PacketsReceived++;
        var tag = SctpCommonHeader.VerificationTag(packet);
        var reader = new SctpChunkReader(packet);
        var first = true;
        while (reader.TryRead(out var chunk))
        {
            if (!HandleChunk(chunk, packet, tag, first, nowMs)) return;
            first = false;
        }
        if (reader.Malformed) Drop(SctpDropReason.MalformedChunk);
    }

    /// <summary>One chunk; false stops processing the rest of the packet.</summary>
    private bool HandleChunk(in SctpChunk chunk, ReadOnlySpan<byte> packet, uint tag, bool first, long nowMs)
    {
        switch ((SctpChunkType)chunk.Type)
        {
            case SctpChunkType.Init:
                HandleInit(chunk, packet, tag, first, nowMs);
                return false;
            case SctpChunkType.CookieEcho:
                return HandleCookieEcho(chunk, packet, tag, nowMs);
            case SctpChunkType.Abort:
            case SctpChunkType.ShutdownComplete:
                // Section 8.5.1 B/C: with T set the packet carries the peer's tag, otherwise ours.
                if (State is SctpState.Listening or SctpState.Closed) return false;
                if (tag != ((chunk.Flags & SctpAbortChunk.FlagT) != 0 ? _peerTag : _localTag))
                {
                    Drop(SctpDropReason.BadVerificationTag);
                    return false;
                }
                if (chunk.Type == (byte)SctpChunkType.Abort || State == SctpState.ShutdownAckSent) Close();
                return false;
        }
        if (State is SctpState.Listening or SctpState.Closed)
        {
            Drop(SctpDropReason.NoAssociation);
            return false;
        }
        if (tag != _localTag)
        {
            Drop(SctpDropReason.BadVerificationTag);
            return false;
        }
        switch ((SctpChunkType)chunk.Type)
        {
            case SctpChunkType.Data:
                HandleData(chunk);
                return true;
            case SctpChunkType.Sack:
                if (!SctpSackChunk.TryParse(chunk, out var sack))
                {
                    Drop(SctpDropReason.MalformedChunk);
                    return false;
                }
                _tx!.OnSack(sack, nowMs);
                AfterAck();
                return true;
            case SctpChunkType.Heartbeat:
                if (chunk.Value.Length > SctpHeartbeatChunk.MaxInfoLength)
                {
                    Drop(SctpDropReason.MalformedChunk);
                    return true;
                }
                var ack = new byte[SctpChunk.Pad(SctpChunk.HeaderLength + chunk.Value.Length)];
                SctpHeartbeatChunk.WriteAck(ack, chunk.Value);
                QueueControl(_peerTag, ack);
                return true;
            case SctpChunkType.ForwardTsn:
                if (!SctpForwardTsnChunk.TryParse(chunk, out var forward))
                {
                    Drop(SctpDropReason.MalformedChunk);
                    return false;
                }
                _rx!.OnForwardTsn(forward);
                return true;
            case SctpChunkType.Reconfig:
                HandleReconfig(chunk);
                return true;
            case SctpChunkType.Shutdown:
                if (!SctpShutdownChunk.TryParse(chunk, out _))
                {
                    Drop(SctpDropReason.MalformedChunk);
                    return false;
                }
                if (State == SctpState.Established) State = SctpState.ShutdownReceived;
                AfterAck();
                return true;
            case SctpChunkType.ShutdownAck:
                // We never send SHUTDOWN, but answer as section 9.2 asks so the peer can finish.
                var complete = new byte[SctpChunk.HeaderLength];
                SctpShutdownChunk.WriteShutdownComplete(complete);
                QueueControl(_peerTag, complete);
                Close();
                return false;
            case SctpChunkType.InitAck:
            case SctpChunkType.CookieAck:
            case SctpChunkType.HeartbeatAck:
            case SctpChunkType.Error:
                return true;
            default:
                // Section 3.2: the two high bits of an unknown type say whether to skip it or stop.
                if ((chunk.Type & 0x80) != 0) return true;
                Drop(SctpDropReason.UnknownChunk);
                return false;
        }
    }

    private void HandleInit(in SctpChunk chunk, ReadOnlySpan<byte> packet, uint tag, bool first, long nowMs)
    {
        // Section 8.5.1 A: INIT has tag 0 and is alone in its packet.
        var alone = first && SctpChunk.Pad(SctpChunk.HeaderLength + chunk.Value.Length) >= packet.Length - SctpCommonHeader.Length;
        if (tag != 0 || !alone || !SctpInitChunk.TryParse(chunk.Value, out var init))
        {
            Drop(SctpDropReason.BadInit);
            return;
        }
        if (State == SctpState.Closed) return;
        _peerPort = SctpCommonHeader.SourcePort(packet);
        // Existing association: answer with the current tag (section 5.2.2), so a duplicate INIT changes nothing.
        var cookie = new SctpStateCookie
        {
            LocalTag = State == SctpState.Listening ? RandomNonZero() : _localTag,
            PeerTag = init.InitiateTag,
            LocalInitialTsn = RandomNonZero(),
            PeerInitialTsn = init.InitialTsn,
            PeerReceiverWindow = init.AdvertisedReceiverWindow,
            PeerOutboundStreams = init.OutboundStreams,
            PeerInboundStreams = init.InboundStreams,
            CreatedMs = nowMs,
            PeerForwardTsn = init.ForwardTsnSupported,
            PeerReconfig = init.ReconfigSupported,
        };
        Span<byte> cookieBytes = stackalloc byte[SctpStateCookie.Length];
        cookie.Write(cookieBytes, _cookieKey);
        var initAck = new byte[SctpInitChunk.MaxLength(SctpStateCookie.Length)];
        var length = SctpInitChunk.Write(initAck, SctpChunkType.InitAck, cookie.LocalTag, (uint)_options.ReceiveWindow,
            _options.Streams, _options.Streams, cookie.LocalInitialTsn, cookieBytes);
        QueueControl(init.InitiateTag, initAck.AsSpan(0, length).ToArray());
    }

    private bool HandleCookieEcho(in SctpChunk chunk, ReadOnlySpan<byte> packet, uint tag, long nowMs)
    {
        if (!SctpStateCookie.TryRead(SctpCookieEchoChunk.Cookie(chunk), _cookieKey, out var cookie) || tag != cookie.LocalTag)
        {
            Drop(SctpDropReason.BadCookie);
            return false;
        }
        if (nowMs - cookie.CreatedMs > _options.CookieLifetimeMs || cookie.CreatedMs > nowMs)
        {
            Drop(SctpDropReason.StaleCookie);
            return false;
        }
        if (State == SctpState.Closed) return false;
        var duplicate = State != SctpState.Listening && cookie.LocalTag == _localTag && cookie.PeerTag == _peerTag;
        if (!duplicate)
        {
            // A new association, or the peer restarted (section 5.2.4 A): start over from the cookie.
            _localTag = cookie.LocalTag;
            _peerTag = cookie.PeerTag;
            _peerPort = SctpCommonHeader.SourcePort(packet);
            _peerForwardTsn = cookie.PeerForwardTsn;
            _inboundStreams = Math.Min(cookie.PeerOutboundStreams, _options.Streams);
            OutboundStreams = Math.Min(cookie.PeerInboundStreams, _options.Streams);
            _rx = new SctpReceiveBuffer(_options, cookie.PeerInitialTsn);
            _tx = new SctpSendQueue(_options, cookie.LocalInitialTsn, cookie.PeerReceiverWindow, OutboundStreams, _rto);
            State = SctpState.Established;
            _events.Enqueue(new SctpEvent(SctpEventKind.Established));
        }
        var ack = new byte[SctpCookieAckChunk.Length];
        SctpCookieAckChunk.Write(ack);
        QueueControl(_peerTag, ack);
        return true;
    }

    private void HandleData(in SctpChunk chunk)
    {
        if (!SctpDataChunk.TryParse(chunk, out var data))
        {
            Drop(SctpDropReason.MalformedChunk);
            return;
        }
        if (data.StreamId >= _inboundStreams)
        {
            Drop(SctpDropReason.InvalidStream);
            return;
        }
        var result = _rx!.OnData(data);
        if (result != SctpDropReason.None) Drop(result);
    }

    private void HandleReconfig(in SctpChunk chunk)
    {
        var parameters = new SctpParameterReader(chunk.Value);
        while (parameters.TryRead(out var type, out var value))
        {
            uint seq;
            uint result;
            if (type == SctpReconfigChunk.ParamOutgoingReset && SctpReconfigChunk.TryParseOutgoingReset(value, out seq, out var lastTsn, out var streams))
            {
                if (SctpSerial.Le(lastTsn, _rx!.CumulativeTsn))
                {
                    for (var i = 0; i + 1 < streams.Length; i += 2)
                    {
                        var id = (ushort)(streams[i] << 8 | streams[i + 1]);
                        _rx.ResetStream(id);
                        _tx!.ResetStream(id);
                        if (_events.Count < _options.MaxDeliveryQueue) _events.Enqueue(new SctpEvent(SctpEventKind.StreamReset, id));
                    }
                    result = SctpReconfigChunk.ResultSuccessPerformed;
                }
                else result = SctpReconfigChunk.ResultInProgress;
            }
            else if (value.Length >= 4)
            {
                seq = (uint)(value[0] << 24 | value[1] << 16 | value[2] << 8 | value[3]);
                if (type == SctpReconfigChunk.ParamResponse) continue; // answers to requests we never make
                result = SctpReconfigChunk.ResultDenied;
            }
            else continue;
            var response = new byte[SctpReconfigChunk.ResponseChunkLength];
            SctpReconfigChunk.WriteResponse(response, seq, result);
            QueueControl(_peerTag, response);
        }
        if (parameters.Malformed) Drop(SctpDropReason.MalformedChunk);
    }

    private void AfterAck()
    {
        if (State == SctpState.ShutdownReceived && _tx is { HasOutstanding: false, HasSendable: false })
        {
            var ack = new byte[SctpChunk.HeaderLength];
            SctpShutdownChunk.WriteShutdownAck(ack);
            QueueControl(_peerTag, ack);
            State = SctpState.ShutdownAckSent;
        }
    }

    private void QueueControl(uint tag, byte[] chunk)
    {
        if (_control.Count >= MaxControlChunks)
        {
            Drop(SctpDropReason.OutboxFull);
            return;
        }
        _control.Enqueue((tag, chunk));
    }

    private void Close()
    {
        if (State == SctpState.Closed) return;
        State = SctpState.Closed;
        _events.Enqueue(new SctpEvent(SctpEventKind.Closed));
    }

    /// <summary>The owner closes abruptly: one ABORT goes out, then nothing.</summary>
    public void Abort()
    {
        if (State is SctpState.Established or SctpState.ShutdownReceived or SctpState.ShutdownAckSent)
        {
            var abort = new byte[SctpAbortChunk.Length];
            SctpAbortChunk.Write(abort);
            _control.Clear();
            _control.Enqueue((_peerTag, abort));
        }
        Close();
    }

    /// <summary>
    /// Queues a message. <paramref name="maxRetransmits"/> &lt; 0: reliable; <paramref name="lifetimeMs"/> &lt; 0:
    /// no lifetime (RFC 8831 section 6.6: partial reliability per channel). Empty messages are the caller's
    /// business (RFC 8831 section 6.6: PPID 56/57 with one zero byte). Returns None or why nothing was queued.
    /// </summary>
    public SctpDropReason Send(ushort streamId, uint ppid, ReadOnlySpan<byte> data, bool unordered, long nowMs, int maxRetransmits = -1, long lifetimeMs = -1)
    {
        if (State != SctpState.Established || _tx is null)
        {
            Drop(SctpDropReason.NoAssociation);
            return SctpDropReason.NoAssociation;
        }
        var result = _tx.Enqueue(streamId, ppid, data, unordered, maxRetransmits, lifetimeMs, nowMs);
        if (result != SctpDropReason.None) Drop(result);
        else MessagesSent++;
        return result;
    }

    /// <summary>A reassembled message, in order per stream (unordered ones as they complete).</summary>
    public bool TryPollMessage(out SctpMessage message)
    {
        if (_rx is not null && _rx.TryDequeue(out message))
        {
            MessagesReceived++;
            return true;
        }
        message = default;
        return false;
    }

    public bool TryPollEvent(out SctpEvent e) => _events.TryDequeue(out e);

    /// <summary>Timers: T3-rtx. Too many consecutive expiries end the association (section 8.1).</summary>
    public void HandleTimeout(long nowMs)
    {
        if (_tx is null || State is not (SctpState.Established or SctpState.ShutdownReceived) || nowMs < _tx.T3DueMs) return;
        _tx.OnT3Timeout(nowMs);
        if (_tx.ErrorCount > _options.MaxRetransmissions) Close();
    }

    /// <summary>
    /// Builds the next packet into <paramref name="destination"/> (at least <see cref="SctpOptions.Mtu"/> bytes):
    /// control chunks first, then SACK, FORWARD TSN and DATA as allowed. False when nothing is due.
    /// </summary>
    public bool TryPollTransmit(Span<byte> destination, long nowMs, out int length)
    {
        length = 0;
        var mtu = Math.Min(destination.Length, _options.Mtu);
        var at = SctpCommonHeader.Length;
        uint tag;
        if (_control.Count > 0) tag = _control.Peek().Tag;
        else if (State is SctpState.Listening or SctpState.Closed || _tx is null) return false;
        else tag = _peerTag;
        while (_control.Count > 0 && _control.Peek().Tag == tag && at + _control.Peek().Chunk.Length <= mtu)
        {
            var chunk = _control.Dequeue().Chunk;
            chunk.CopyTo(destination[at..]);
            at += chunk.Length;
        }
        if (_control.Count > 0 && at == SctpCommonHeader.Length)
        {
            _control.Dequeue(); // larger than a packet: cannot happen with our own chunks, but never loop on it
            Drop(SctpDropReason.OutboxFull);
        }
        var associated = tag == _peerTag && State is SctpState.Established or SctpState.ShutdownReceived or SctpState.ShutdownAckSent;
        if (associated && _rx is not null && _tx is not null)
        {
            if (_rx.SackDue && at + SctpReceiveBuffer.MaxSackLength <= mtu) at += _rx.WriteSack(destination[at..mtu]);
            if (at + 64 <= mtu) at += _tx.WriteForwardTsn(destination[at..mtu], _peerForwardTsn);
            if (State is SctpState.Established or SctpState.ShutdownReceived) at += _tx.WriteData(destination[at..mtu], nowMs);
        }
        if (at == SctpCommonHeader.Length) return false;
        SctpCommonHeader.Write(destination, _options.Port, _peerPort, tag);
        SctpCommonHeader.Seal(destination[..at]);
        length = at;
        PacketsSent++;
        return true;
    }
}
