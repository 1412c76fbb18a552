using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Relay;

/// <summary>
/// A UDP relay that impairs traffic between real peers and the server in tests (netem is not available on
/// these machines). Clients send to <see cref="FrontEndPoint"/>; each client gets its own upstream socket
/// towards the target, so the server sees one distinct address per client, and replies go back to the
/// client that owns the upstream socket. Loss, bursts, delay, jitter, reordering, duplication and a rate
/// limit apply per direction (<see cref="Upstream"/> client→server, <see cref="Downstream"/> server→client).
/// </summary>
/// <remarks>Test tooling, not on the packet path: it allocates freely and runs its own thread.</remarks>
public sealed class ImpairmentRelay : IDisposable
{
    private const int MaxDatagram = 65535;
    private readonly Socket _front;
    private readonly IPEndPoint _target;
    private readonly Dictionary<EndPoint, Socket> _upstreamByClient = [];
    private readonly Dictionary<Socket, EndPoint> _clientByUpstream = [];
    private readonly PriorityQueue<Pending, (long At, long Order)> _pending = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private volatile bool _stopping;
    private long _sequence;

    /// <summary>Starts relaying from a loopback port to <paramref name="target"/>.</summary>
    public ImpairmentRelay(IPEndPoint target, ImpairmentOptions upstream, ImpairmentOptions? downstream = null, IPAddress? listenAddress = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(upstream);
        _target = target;
        Upstream = new Direction(upstream);
        Downstream = new Direction(downstream ?? upstream with { Seed = upstream.Seed + 1 });
        _front = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _front.Bind(new IPEndPoint(listenAddress ?? (target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback), 0));
        _thread = new Thread(Run) { Name = "impairment-relay", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Where clients send.</summary>
    public IPEndPoint FrontEndPoint => (IPEndPoint)_front.LocalEndPoint!;

    /// <summary>Client → server impairment and statistics.</summary>
    public Direction Upstream { get; }

    /// <summary>Server → client impairment and statistics.</summary>
    public Direction Downstream { get; }

    private void Run()
    {
        var buffer = new byte[MaxDatagram];
        var readable = new List<Socket>();
        while (!_stopping)
        {
            readable.Clear();
            readable.Add(_front);
            lock (_gate) readable.AddRange(_clientByUpstream.Keys);
            var wait = NextDueMs() is var due && due == long.MaxValue ? 50 : Math.Clamp(due - _clock.ElapsedMilliseconds, 0, 50);
            try
            {
                Socket.Select(readable, null, null, (int)(wait * 1000));
            }
            catch (Exception) when (_stopping)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                continue;
            }
            foreach (var socket in readable) Drain(socket, buffer);
            Deliver();
        }
    }

    private void Drain(Socket socket, byte[] buffer)
    {
        while (!_stopping && socket.Available > 0)
        {
            EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from an earlier send
            }
            var data = buffer.AsSpan(0, length).ToArray();
            if (socket == _front)
            {
                var upstream = UpstreamFor(from);
                Schedule(Upstream, data, upstream, _target);
            }
            else
            {
                EndPoint? client;
                lock (_gate) _clientByUpstream.TryGetValue(socket, out client);
                if (client is not null) Schedule(Downstream, data, _front, client);
            }
        }
    }

    private Socket UpstreamFor(EndPoint client)
    {
        lock (_gate)
        {
            if (_upstreamByClient.TryGetValue(client, out var socket)) return socket;
            socket = new Socket(_target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(_target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            _upstreamByClient[client] = socket;
            _clientByUpstream[socket] = client;
            return socket;
        }
    }

    private void Schedule(Direction direction, byte[] data, Socket via, EndPoint to)
    {
        if (direction.Options.DropFilter is { } filter && filter(data))
        {
            direction.CountFiltered();
            return;
        }
        var now = _clock.ElapsedMilliseconds;
        var copies = direction.Decide(data.Length, now, out var delayMs, out var reorder);
        if (copies == 0) return;
        for (var i = 0; i < copies; i++)
        {
            var at = now + delayMs;
            // A reordered datagram waits for the next one in its direction (bounded so it is never stuck).
            var pending = new Pending(data, via, to);
            if (reorder && i == 0)
            {
                direction.Held = pending;
                direction.HeldUntilMs = now + 50;
                continue;
            }
            _pending.Enqueue(pending, (at, ++_sequence));
            if (direction.Held is { } held)
            {
                direction.Held = null;
                _pending.Enqueue((Pending)held, (at, ++_sequence));
            }
        }
    }

    private long NextDueMs()
    {
        var due = _pending.TryPeek(out _, out var at) ? at.At : long.MaxValue;
        if (Upstream.Held is not null) due = Math.Min(due, Upstream.HeldUntilMs);
        if (Downstream.Held is not null) due = Math.Min(due, Downstream.HeldUntilMs);
        return due;
    }

    private void Deliver()
    {
        var now = _clock.ElapsedMilliseconds;
        foreach (var direction in new[] { Upstream, Downstream })
        {
            if (direction.Held is { } held && now >= direction.HeldUntilMs)
            {
                direction.Held = null;
                _pending.Enqueue((Pending)held, (now, ++_sequence));
            }
        }
        while (_pending.TryPeek(out var item, out var at) && at.At <= now)
        {
            _pending.Dequeue();
            try
            {
                item.Via.SendTo(item.Data, item.To);
            }
            catch (SocketException)
            {
                // The far side is gone; impairment tests judge by what arrives.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _front.Dispose();
        lock (_gate)
        {
            foreach (var socket in _clientByUpstream.Keys) socket.Dispose();
        }
    }

    private sealed record Pending(byte[] Data, Socket Via, EndPoint To);

    /// <summary>One direction's impairment state and counters.</summary>
    public sealed class Direction
    {
        private readonly Random _random;
        private bool _inBurst;
        private double _tokens;
        private long _lastRefillMs;
        private long _received;
        private long _forwarded;
        private long _lost;
        private long _duplicated;
        private long _reordered;
        private long _policed;

        internal Direction(ImpairmentOptions options)
        {
            Options = options;
            _random = new Random(options.Seed);
            _tokens = options.RateLimitBurstBytes;
        }

        internal object? Held { get; set; }
        internal long HeldUntilMs { get; set; }

        /// <summary>The impairment applied.</summary>
        public ImpairmentOptions Options { get; }

        /// <summary>Datagrams that arrived at the relay in this direction.</summary>
        public long Received => Interlocked.Read(ref _received);
        /// <summary>Datagrams sent on (duplicates included).</summary>
        public long Forwarded => Interlocked.Read(ref _forwarded);
        /// <summary>Datagrams dropped by random or burst loss.</summary>
        public long Lost => Interlocked.Read(ref _lost);
        /// <summary>Extra copies sent.</summary>
        public long Duplicated => Interlocked.Read(ref _duplicated);
        /// <summary>Datagrams held back behind the next one.</summary>
        public long Reordered => Interlocked.Read(ref _reordered);
        /// <summary>Datagrams dropped by the rate limit.</summary>
        public long Policed => Interlocked.Read(ref _policed);

        /// <summary>How many copies to send (0 = drop), after what delay, and whether to reorder.</summary>
        internal void CountFiltered()
        {
            Interlocked.Increment(ref _received);
            Interlocked.Increment(ref _lost);
        }

        internal int Decide(int length, long nowMs, out long delayMs, out bool reorder)
        {
            Interlocked.Increment(ref _received);
            delayMs = 0;
            reorder = false;
            if (Options.BurstStartProbability > 0)
            {
                if (_inBurst) _inBurst = _random.NextDouble() >= Options.BurstEndProbability;
                else _inBurst = _random.NextDouble() < Options.BurstStartProbability;
            }
            var lossRate = _inBurst ? Options.BurstLossRate : Options.LossRate;
            if (lossRate > 0 && _random.NextDouble() < lossRate)
            {
                Interlocked.Increment(ref _lost);
                return 0;
            }
            if (Options.RateLimitBytesPerSecond > 0)
            {
                _tokens = Math.Min(Options.RateLimitBurstBytes, _tokens + ((nowMs - _lastRefillMs) * Options.RateLimitBytesPerSecond / 1000.0));
                _lastRefillMs = nowMs;
                if (_tokens < length)
                {
                    Interlocked.Increment(ref _policed);
                    return 0;
                }
                _tokens -= length;
            }
            delayMs = (long)Options.Delay.TotalMilliseconds;
            if (Options.Jitter > TimeSpan.Zero) delayMs += (long)(_random.NextDouble() * Options.Jitter.TotalMilliseconds);
            if (Options.ReorderRate > 0 && Held is null && _random.NextDouble() < Options.ReorderRate)
            {
                reorder = true;
                Interlocked.Increment(ref _reordered);
            }
            var copies = Options.DuplicateRate > 0 && _random.NextDouble() < Options.DuplicateRate ? 2 : 1;
            if (copies == 2) Interlocked.Increment(ref _duplicated);
            Interlocked.Add(ref _forwarded, copies);
            return copies;
        }
    }
}
