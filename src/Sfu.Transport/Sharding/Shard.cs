using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Transport.Demux;
using Sfu.Transport.Diagnostics;
using Sfu.Transport.Native;
using Sfu.Transport.Udp;

namespace Sfu.Transport.Sharding;

/// <summary>
/// One event-loop thread that owns its UDP sockets, its sessions and their timers. Other threads reach it
/// only through <see cref="Post"/> (a bounded lock-free queue plus a wake-up), so nothing on the packet
/// path takes a lock.
/// </summary>
/// <remarks>
/// <para>Loop, per iteration (docs/threading.md):</para>
/// <code>
///   drain commands -> fire due timers -> flush sends -> wait (epoll over sockets + eventfd, timeout =
///   next timer) -> recvmmsg batches -> classify -> session lookup -> session.OnDatagram -> flush sends
/// </code>
/// <para>Lookup: by remote address first; a STUN request from an unknown address by the local ufrag in its
/// USERNAME; anything else from an unknown address is dropped without a reply (no amplification). When the
/// port is shared (SO_REUSEPORT) and the session lives on another shard, the datagram is copied once into a
/// pooled buffer and handed to the owner, which sends from its own socket on the same port.</para>
/// <para>Members marked "shard thread" must be called from the shard's own thread (inside a session callback
/// or a posted action); the others are thread-safe.</para>
/// </remarks>
public sealed partial class Shard : IDisposable
{
    private const int MaxBatchesPerWake = 8;   // bound one socket's turn so timers and commands stay timely
    private const int MaxEvents = 16;

    private readonly UdpBatchSocket[] _sockets;
    private readonly int[] _pendingSends;
    private readonly MpscQueue<ShardCommand> _commands;
    private readonly TimerWheel<IShardSession> _timers;
    private readonly Dictionary<IShardSession, SessionRecord> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly SessionTable<IShardSession> _table = new();
    private readonly OwnerMap? _owners;
    private readonly Func<int, Shard?> _shardLookup;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly bool _native;
    private readonly List<string> _scratchUfrags = [];
    private readonly List<SocketAddressKey> _scratchAddresses = [];
    private int _epollFd = -1;
    private int _eventFd = -1;
    private Socket? _wakeSocket;
    private readonly List<Socket> _selectList = [];
    private int _sleeping;
    private volatile bool _stopping;
    private int _rentedSocket = -1;

    internal Shard(int index, UdpBatchSocket[] sockets, OwnerMap? owners, Func<int, Shard?> shardLookup, int commandCapacity,
        TimeProvider time, long origin, ILogger? logger)
    {
        Index = index;
        _sockets = sockets;
        _pendingSends = new int[sockets.Length];
        _owners = owners;
        _shardLookup = shardLookup;
        _commands = new MpscQueue<ShardCommand>(commandCapacity);
        _time = time;
        _origin = origin;
        _logger = logger ?? NullLogger.Instance;
        _timers = new TimerWheel<IShardSession>(NowMs);
        _native = sockets.Length > 0 && sockets[0] is LinuxBatchSocket;
        _thread = new Thread(Run) { Name = $"sfu-shard-{index}", IsBackground = true };
    }

    /// <summary>The shard number (0-based).</summary>
    public int Index { get; }

    /// <summary>This shard's counters.</summary>
    public ShardCounters Counters { get; } = new();

    /// <summary>The shard's monotonic clock in milliseconds (shared origin across the transport's shards).</summary>
    public long NowMs => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>The endpoints this shard's sockets are bound to.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _sockets.Select(s => s.LocalEndPoint)];

    /// <summary>True when called from this shard's thread.</summary>
    public bool IsOnShardThread => Thread.CurrentThread == _thread;

    /// <summary>The session index (shard thread).</summary>
    public SessionTable<IShardSession> Sessions => _table;

    /// <summary>Number of sessions (shard thread; other threads read <see cref="ShardCounters.Sessions"/>).</summary>
    public int SessionCount => _sessions.Count;

    internal bool UsesNativeIO => _native;

    internal void Start()
    {
        if (_native) SetUpEpoll();
        else SetUpWakeSocket();
        _thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the shard thread (thread-safe). False when the queue is full (the
    /// caller decides whether to retry) or the shard is stopping.
    /// </summary>
    public bool Post(Action<Shard> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_stopping) return false;
        if (!_commands.TryEnqueue(new ShardCommand(action))) return false;
        Wake();
        return true;
    }

    /// <summary>Adds a session, optionally registering its first local ufrag (thread-safe; happens on the shard thread).</summary>
    public bool AddSession(IShardSession session, string? localUfrag = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Post(shard => shard.AttachNow(session, localUfrag));
    }

    private void AttachNow(IShardSession session, string? localUfrag)
    {
        if (_sessions.ContainsKey(session)) return;
        _sessions.Add(session, new SessionRecord());
        Counters.SessionAdded();
        if (localUfrag is not null) RegisterUfrag(session, localUfrag);
        Guard(session, s => s.OnAttached(this, NowMs));
    }

    /// <summary>Makes STUN requests whose USERNAME starts with <paramref name="ufrag"/> reach <paramref name="session"/> (shard thread).</summary>
    public bool RegisterUfrag(IShardSession session, string ufrag)
    {
        if (!_table.TryAddUfrag(ufrag, session)) return false;
        _owners?.SetUfrag(ufrag, Index);
        return true;
    }

    /// <summary>Stops routing <paramref name="ufrag"/> (shard thread): the old credentials after an ICE restart.</summary>
    public void UnregisterUfrag(string ufrag)
    {
        if (_table.RemoveUfrag(ufrag)) _owners?.RemoveUfrag(ufrag, Index);
    }

    /// <summary>Routes every datagram from <paramref name="address"/> to <paramref name="session"/> (shard thread): an ICE-validated address.</summary>
    public void BindAddress(IShardSession session, in SocketAddressKey address)
    {
        _table.BindAddress(address, session);
        _owners?.SetAddress(address, Index);
    }

    /// <summary>Stops routing <paramref name="address"/> (shard thread).</summary>
    public void UnbindAddress(in SocketAddressKey address)
    {
        if (_table.UnbindAddress(address)) _owners?.RemoveAddress(address, Index);
    }

    /// <summary>Closes a session: removes its routes and timer and calls <see cref="IShardSession.OnDetached"/> (shard thread).</summary>
    public void CloseSession(IShardSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_sessions.Remove(session, out var record)) return;
        if (record.Timer.IsValid) _timers.Cancel(record.Timer);
        _scratchUfrags.Clear();
        _scratchAddresses.Clear();
        _table.RemoveSession(session, _scratchUfrags, _scratchAddresses);
        if (_owners is not null)
        {
            foreach (var ufrag in _scratchUfrags) _owners.RemoveUfrag(ufrag, Index);
            foreach (var address in _scratchAddresses) _owners.RemoveAddress(address, Index);
        }
        Counters.SessionRemoved();
        try
        {
            session.OnDetached(NowMs);
        }
        catch (Exception ex)
        {
            TransportLog.SessionFault(_logger, ex, Index, session.ToString() ?? "?");
        }
    }

    /// <summary>Sets the session's single timer to <paramref name="dueMs"/>, replacing an earlier one (shard thread).</summary>
    public void ScheduleTimer(IShardSession session, long dueMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_sessions.TryGetValue(session, out var record)) return;
        if (record.Timer.IsValid) _timers.Cancel(record.Timer);
        record.Timer = _timers.Schedule(session, dueMs);
    }

    /// <summary>Cancels the session's timer (shard thread).</summary>
    public void CancelTimer(IShardSession session)
    {
        if (_sessions.TryGetValue(session, out var record) && record.Timer.IsValid)
        {
            _timers.Cancel(record.Timer);
            record.Timer = default;
        }
    }

    /// <summary>Counts a drop decided by a session (shard thread).</summary>
    public void Drop(PacketDropReason reason) => Counters.Drop(reason);

    /// <summary>Copies <paramref name="datagram"/> into the send batch for <paramref name="destination"/> (shard thread). Sent at the end of this loop turn, or sooner when the batch fills.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, in SocketAddressKey destination)
    {
        var buffer = GetSendBuffer(destination);
        if (buffer.Length < datagram.Length)
        {
            _rentedSocket = -1;
            Counters.Drop(buffer.IsEmpty ? PacketDropReason.SendFailed : PacketDropReason.Overflow);
            return false;
        }
        datagram.CopyTo(buffer);
        return CommitSend(destination, datagram.Length);
    }

    /// <summary>
    /// The next free send slot for <paramref name="destination"/>: write the datagram into it, then call
    /// <see cref="CommitSend"/>. Saves a copy when the datagram is built in place (SRTP protect, STUN reply).
    /// Shard thread; empty when no socket can reach the destination's family.
    /// </summary>
    public Span<byte> GetSendBuffer(in SocketAddressKey destination)
    {
        var socket = SocketFor(destination);
        if (socket < 0) return [];
        if (_pendingSends[socket] == _sockets[socket].BatchSize) FlushSocket(socket);
        _rentedSocket = socket;
        return _sockets[socket].SendSlot(_pendingSends[socket]);
    }

    /// <summary>Queues the slot returned by <see cref="GetSendBuffer"/> with <paramref name="length"/> bytes (shard thread).</summary>
    public bool CommitSend(in SocketAddressKey destination, int length)
    {
        var socket = _rentedSocket;
        _rentedSocket = -1;
        if (socket < 0 || length <= 0 || !_sockets[socket].SetSend(_pendingSends[socket], length, destination))
        {
            Counters.Drop(PacketDropReason.SendFailed);
            return false;
        }
        _pendingSends[socket]++;
        return true;
    }

    /// <summary>The slot <see cref="GetSendBuffer"/> last handed out and not yet committed or cancelled (empty if none).</summary>
    public Span<byte> GetRentedSendBuffer() =>
        _rentedSocket < 0 ? [] : _sockets[_rentedSocket].SendSlot(_pendingSends[_rentedSocket]);

    /// <summary>Gives back the slot of <see cref="GetSendBuffer"/> unsent (shard thread); the caller counts its own drop reason.</summary>
    public void CancelSend() => _rentedSocket = -1;

    /// <summary>Sends every queued datagram now (shard thread). The loop does this itself at the end of each turn.</summary>
    public void Flush()
    {
        for (var i = 0; i < _sockets.Length; i++) FlushSocket(i);
    }

    private void FlushSocket(int socket)
    {
        var count = _pendingSends[socket];
        if (count == 0) return;
        _pendingSends[socket] = 0;
        var batch = _sockets[socket];
        var accepted = batch.Flush(count);
        if (accepted == count)
        {
            for (var i = 0; i < count; i++) Counters.Sent(batch.SendLength(i));
            return;
        }
        // Rare path: the kernel refused some; bytes are attributed approximately to the first ones.
        for (var i = 0; i < accepted; i++) Counters.Sent(batch.SendLength(i));
        for (var i = accepted; i < count; i++) Counters.Drop(PacketDropReason.SendFailed);
    }

    /// <summary>The first socket whose family can reach <paramref name="destination"/>.</summary>
    private int SocketFor(in SocketAddressKey destination)
    {
        for (var i = 0; i < _sockets.Length; i++)
            if (_sockets[i].IsIPv6 || destination.IsIPv4) return i;
        return -1;
    }

    /// <summary>
    /// Delivers a datagram as if it had arrived on this shard's socket (shard thread). The entry point of
    /// received and handed-over datagrams; public so tests and benchmarks can drive the dispatch directly.
    /// </summary>
    public void Dispatch(long nowMs, Span<byte> datagram, in SocketAddressKey source, bool handedOver = false) =>
        Dispatch(nowMs, DatagramClassifier.Classify(datagram), datagram, source, handedOver);

    private void Dispatch(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source, bool handedOver)
    {
        if (_table.TryGetByAddress(source, out var session))
        {
            Deliver(session, nowMs, kind, datagram, source);
            return;
        }
        switch (kind)
        {
            case DatagramKind.Stun:
                DispatchStunFromUnknownAddress(nowMs, datagram, source, handedOver);
                return;
            case DatagramKind.Unknown:
                Counters.Drop(datagram.IsEmpty ? PacketDropReason.TooShort : PacketDropReason.UnknownProtocol);
                return;
            default:
                // DTLS, RTP, RTCP from an address no session validated: maybe another shard's peer.
                if (!handedOver && _owners is not null && _owners.TryGetAddressOwner(source, out var owner) && owner != Index)
                {
                    HandOver(owner, kind, datagram, source);
                    return;
                }
                Counters.Drop(PacketDropReason.UnknownAddress);
                return;
        }
    }

    private void DispatchStunFromUnknownAddress(long nowMs, Span<byte> datagram, in SocketAddressKey source, bool handedOver)
    {
        if (!StunRouting.TryGetRequestUsername(datagram, out var username, out var reason))
        {
            Counters.Drop(reason);
            return;
        }
        if (_table.TryGetByUsername(username, out var session))
        {
            Deliver(session, nowMs, DatagramKind.Stun, datagram, source);
            return;
        }
        if (!handedOver && _owners is not null && TryGetUfragOwner(username, out var owner) && owner != Index)
        {
            HandOver(owner, DatagramKind.Stun, datagram, source);
            return;
        }
        // RFC 8445 §7.3 leaves an unknown USERNAME to a 401; an ICE-lite server that does not know the
        // ufrag sends nothing, so a spoofed source cannot turn the port into a reflector (security.md I1).
        Counters.Drop(PacketDropReason.UnknownUfrag);
    }

    private bool TryGetUfragOwner(ReadOnlySpan<byte> username, out int owner)
    {
        var colon = username.IndexOf((byte)':');
        var local = colon >= 0 ? username[..colon] : username;
        owner = -1;
        if (local.IsEmpty || local.Length > 256 || !System.Text.Ascii.IsValid(local)) return false;
        Span<char> chars = stackalloc char[local.Length];
        System.Text.Ascii.ToUtf16(local, chars, out _);
        return _owners!.TryGetUfragOwner(chars, out owner);
    }

    private void HandOver(int owner, DatagramKind kind, ReadOnlySpan<byte> datagram, in SocketAddressKey source)
    {
        var target = _shardLookup(owner);
        if (target is null)
        {
            Counters.Drop(PacketDropReason.UnknownAddress);
            return;
        }
        var copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        if (!target.EnqueueHandOver(new ShardCommand(copy, datagram.Length, source, kind)))
        {
            ArrayPool<byte>.Shared.Return(copy);
            Counters.Drop(PacketDropReason.Overflow);
            return;
        }
        Counters.HandedOff();
    }

    private bool EnqueueHandOver(in ShardCommand command)
    {
        if (_stopping || !_commands.TryEnqueue(command)) return false;
        Wake();
        return true;
    }

    private void Deliver(IShardSession session, long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        try
        {
            session.OnDatagram(nowMs, kind, datagram, source);
        }
        catch (Exception ex)
        {
            Counters.Drop(PacketDropReason.SessionFault);
            TransportLog.SessionFault(_logger, ex, Index, session.ToString() ?? "?");
            CloseSession(session);
        }
    }

    private void Guard(IShardSession session, Action<IShardSession> call)
    {
        try
        {
            call(session);
        }
        catch (Exception ex)
        {
            Counters.Drop(PacketDropReason.SessionFault);
            TransportLog.SessionFault(_logger, ex, Index, session.ToString() ?? "?");
            CloseSession(session);
        }
    }

    private sealed class SessionRecord
    {
        public TimerHandle Timer;
    }
}
