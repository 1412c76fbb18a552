using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sfu.Core.Diagnostics;
using Sfu.Transport.Diagnostics;
using Sfu.Transport.Native;

namespace Sfu.Transport.Sharding;

/// <summary>The event loop: waiting, waking, receiving, commands and timers.</summary>
public sealed partial class Shard
{
    private const long WakeToken = -1; // epoll data of the eventfd; sockets use their index

    private unsafe void SetUpEpoll()
    {
        _epollFd = NativeMethods.EpollCreate1(NativeMethods.EpollCloexec);
        if (_epollFd < 0) throw new SocketException(Marshal.GetLastSystemError());
        _eventFd = NativeMethods.EventFd(0, NativeMethods.EfdNonblock | NativeMethods.EfdCloexec);
        if (_eventFd < 0) throw new SocketException(Marshal.GetLastSystemError());
        AddToEpoll(_eventFd, WakeToken);
        for (var i = 0; i < _sockets.Length; i++)
            AddToEpoll((int)_sockets[i].Socket.SafeHandle.DangerousGetHandle(), i);
    }

    private unsafe void AddToEpoll(int fd, long token)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = NativeMethods.EpollIn;
        *(long*)(ev + NativeMethods.EpollDataOffset) = token;
        if (NativeMethods.EpollCtl(_epollFd, NativeMethods.EpollCtlAdd, fd, ev) < 0)
            throw new SocketException(Marshal.GetLastSystemError());
    }

    private void SetUpWakeSocket()
    {
        // Portable wake-up: a loopback UDP socket connected to itself; a producer sends it one byte.
        _wakeSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _wakeSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _wakeSocket.Connect(_wakeSocket.LocalEndPoint!);
    }

    /// <summary>Wakes the loop if it is (about to be) asleep. Thread-safe.</summary>
    private unsafe void Wake()
    {
        if (Interlocked.Exchange(ref _sleeping, 0) == 0) return; // awake: it drains the queue before sleeping
        if (_native)
        {
            ulong one = 1;
            NativeMethods.Write(_eventFd, &one, sizeof(ulong));
        }
        else
        {
            try
            {
                _wakeSocket?.Send([1]);
            }
            catch (ObjectDisposedException)
            {
                // Stopping.
            }
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                Counters.LoopIteration();
                var now = NowMs;
                DrainCommands(now);
                FireTimers(now);
                Flush();
                if (_stopping) break;
                WaitAndReceive(TimeoutMs(NowMs));
                Flush();
            }
        }
        catch (Exception ex)
        {
            TransportLog.LoopFault(_logger, ex, Index);
        }
        finally
        {
            DetachAll();
            TransportLog.ShardStopped(_logger, Index);
        }
    }

    private int TimeoutMs(long now)
    {
        var due = _timers.NextDueMs();
        if (due == long.MaxValue) return -1; // no timer: sleep until a datagram or a command
        return (int)Math.Clamp(due - now, 0, int.MaxValue);
    }

    private void WaitAndReceive(int timeoutMs)
    {
        // Announce sleep, then re-check the queue: a producer that enqueued before seeing _sleeping == 1 is
        // caught here; one that enqueues after sees it and writes the wake-up.
        Interlocked.Exchange(ref _sleeping, 1);
        if (_commands.Count > 0) timeoutMs = 0;
        if (_native) WaitEpoll(timeoutMs);
        else WaitPortable(timeoutMs);
        Interlocked.Exchange(ref _sleeping, 0);
    }

    private unsafe void WaitEpoll(int timeoutMs)
    {
        var stride = NativeMethods.EpollEventSize;
        var events = stackalloc byte[MaxEvents * 16];
        var n = NativeMethods.EpollWait(_epollFd, events, MaxEvents, timeoutMs);
        if (n < 0) return; // EINTR: go round again
        // Commands first: a session added just before its peer's first datagram must be there to receive it.
        DrainCommands(NowMs);
        for (var i = 0; i < n; i++)
        {
            var token = *(long*)(events + (i * stride) + NativeMethods.EpollDataOffset);
            if (token == WakeToken)
            {
                ulong value;
                NativeMethods.Read(_eventFd, &value, sizeof(ulong));
                continue;
            }
            ReceiveFrom((int)token);
        }
    }

    private void WaitPortable(int timeoutMs)
    {
        _selectList.Clear();
        foreach (var socket in _sockets) _selectList.Add(socket.Socket);
        _selectList.Add(_wakeSocket!);
        try
        {
            Socket.Select(_selectList, null, null, timeoutMs < 0 ? -1 : (int)Math.Min(timeoutMs * 1000L, int.MaxValue));
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        catch (SocketException)
        {
            return;
        }
        if (_wakeSocket!.Available > 0)
        {
            Span<byte> drain = stackalloc byte[16];
            while (_wakeSocket.Available > 0) _wakeSocket.Receive(drain);
        }
        DrainCommands(NowMs);
        for (var i = 0; i < _sockets.Length; i++)
            if (_sockets[i].Socket.Available > 0) ReceiveFrom(i);
    }

    private void ReceiveFrom(int socketIndex)
    {
        var socket = _sockets[socketIndex];
        for (var batch = 0; batch < MaxBatchesPerWake; batch++)
        {
            var count = socket.Receive();
            if (count == 0) return;
            var now = NowMs;
            for (var i = 0; i < count; i++)
            {
                var datagram = socket.Received(i);
                Counters.Received(datagram.Length);
                if (socket.IsTruncated(i))
                {
                    Counters.Drop(PacketDropReason.Overflow);
                    continue;
                }
                if (!socket.TryGetSource(i, out var source))
                {
                    Counters.Drop(PacketDropReason.UnknownAddress);
                    continue;
                }
                Dispatch(now, datagram, source);
            }
            if (count < socket.BatchSize) return;
        }
    }

    private void DrainCommands(long now)
    {
        // Bounded per turn so a flood of hand-offs cannot starve the sockets.
        for (var i = 0; i < _commands.Capacity && _commands.TryDequeue(out var command); i++)
        {
            if (command.Action is { } action)
            {
                try
                {
                    action(this);
                }
                catch (Exception ex)
                {
                    TransportLog.CommandFault(_logger, ex, Index);
                }
                continue;
            }
            var buffer = command.Buffer!;
            try
            {
                Counters.HandedIn();
                Dispatch(now, command.Kind, buffer.AsSpan(0, command.Length), command.Source, handedOver: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void FireTimers(long now)
    {
        _timers.Advance(now);
        while (_timers.TryDequeueExpired(out var session))
        {
            if (!_sessions.TryGetValue(session, out var record)) continue;
            record.Timer = default;
            try
            {
                session.OnTimer(now);
            }
            catch (Exception ex)
            {
                Counters.Drop(PacketDropReason.SessionFault);
                TransportLog.SessionFault(_logger, ex, Index, session.ToString() ?? "?");
                CloseSession(session);
            }
        }
    }

    private void DetachAll()
    {
        foreach (var session in _sessions.Keys.ToList()) CloseSession(session);
        while (_commands.TryDequeue(out var command))
            if (command.Buffer is { } buffer) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Stops the loop and waits for the thread to end (thread-safe; idempotent).</summary>
    public void Stop(TimeSpan? timeout = null)
    {
        if (_stopping) return;
        _stopping = true;
        Interlocked.Exchange(ref _sleeping, 1);
        Wake();
        if (_thread.IsAlive && !IsOnShardThread) _thread.Join(timeout ?? TimeSpan.FromSeconds(5));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        foreach (var socket in _sockets) socket.Dispose();
        _wakeSocket?.Dispose();
        if (_eventFd >= 0) NativeMethods.Close(_eventFd);
        if (_epollFd >= 0) NativeMethods.Close(_epollFd);
        _eventFd = -1;
        _epollFd = -1;
    }
}
