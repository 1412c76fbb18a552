namespace Sfu.Transport.Dtls;

/// <summary>
/// The dedicated threads DTLS handshakes run on: BouncyCastle's handshake is blocking, so each running
/// handshake holds one thread. Never the .NET thread pool (a burst of handshakes would starve it) and
/// never a shard thread (architecture.md: slow work never runs there).
/// </summary>
/// <remarks>
/// At most <see cref="MaxConcurrent"/> handshakes run at once; threads are started on demand up to that
/// number, with small stacks, and stay for reuse. Further handshakes wait in a queue of at most
/// <see cref="MaxQueued"/>; beyond that a handshake is refused (<see cref="DtlsFailureReason.Overloaded"/>),
/// which keeps a ClientHello flood from growing memory without bound.
/// </remarks>
public sealed class DtlsHandshakePool : IDisposable
{
    /// <summary>Default number of handshakes running at once (issue 7).</summary>
    public const int DefaultMaxConcurrent = 64;

    /// <summary>Default cap on handshakes waiting for a thread.</summary>
    public const int DefaultMaxQueued = 4096;

    /// <summary>Default thread stack: BouncyCastle's handshake is shallow; 256 KiB leaves ample headroom.</summary>
    public const int DefaultStackSize = 256 * 1024;

    private static readonly Lazy<DtlsHandshakePool> s_shared = new(() => new DtlsHandshakePool());

    private readonly object _gate = new();
    private readonly Queue<Action> _queue = new();
    private readonly List<Thread> _threads = [];
    private int _idle;
    private int _running;
    private bool _disposed;

    /// <summary>Creates a pool; no thread starts until the first handshake.</summary>
    public DtlsHandshakePool(int maxConcurrent = DefaultMaxConcurrent, int maxQueued = DefaultMaxQueued, int stackSize = DefaultStackSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueued);
        ArgumentOutOfRangeException.ThrowIfLessThan(stackSize, 64 * 1024);
        MaxConcurrent = maxConcurrent;
        MaxQueued = maxQueued;
        StackSize = stackSize;
    }

    /// <summary>A process-wide pool with the defaults, created on first use.</summary>
    public static DtlsHandshakePool Shared => s_shared.Value;

    /// <summary>Maximum handshakes running at once (= maximum threads).</summary>
    public int MaxConcurrent { get; }

    /// <summary>Maximum handshakes waiting for a thread.</summary>
    public int MaxQueued { get; }

    /// <summary>Stack size of each thread, in bytes.</summary>
    public int StackSize { get; }

    /// <summary>Threads started so far.</summary>
    public int ThreadCount
    {
        get { lock (_gate) return _threads.Count; }
    }

    /// <summary>Handshakes running now.</summary>
    public int Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Handshakes waiting for a thread.</summary>
    public int Queued
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Queues work for a pool thread; false when the queue is full or the pool is disposed.</summary>
    internal bool TryQueue(Action work)
    {
        lock (_gate)
        {
            if (_disposed) return false;
            // Work already queued will take idle threads first; start a thread when this item would find none.
            var waitingForThread = _queue.Count + 1 - _idle;
            if (waitingForThread > 0 && _threads.Count < MaxConcurrent)
            {
                var thread = new Thread(Worker, StackSize)
                {
                    IsBackground = true,
                    Name = "dtls-handshake-" + _threads.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                _threads.Add(thread);
                _idle++;
                thread.Start();
            }
            else if (waitingForThread > MaxQueued)
            {
                return false;
            }
            _queue.Enqueue(work);
            Monitor.Pulse(_gate);
            return true;
        }
    }

    /// <summary>Stops the threads once their current handshake ends; queued work is dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    private void Worker()
    {
        while (true)
        {
            Action work;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
                work = _queue.Dequeue();
                _idle--;
                _running++;
            }
            try
            {
                // Each work item catches its own errors; this guard only keeps a bug from killing the thread.
                work();
            }
#pragma warning disable CA1031 // A handshake bug must not take the pool thread (and with it the process) down.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                lock (_gate)
                {
                    _running--;
                    _idle++;
                }
            }
        }
    }
}
