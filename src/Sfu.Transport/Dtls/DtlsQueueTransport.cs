using System.Buffers;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// The <see cref="DatagramTransport"/> BouncyCastle reads from and writes to: a bounded queue the shard
/// fills (<see cref="TryEnqueue"/>) and a sink for what BouncyCastle sends.
/// </summary>
/// <remarks>
/// Two modes. During the handshake <see cref="Receive(byte[], int, int, int)"/> blocks the handshake thread on a
/// monitor (no sleeping, no polling) until a datagram arrives, the wait ends or the deadline passes. After
/// the handshake the engine drains it from the shard thread in non-blocking mode: an empty queue throws
/// <see cref="DtlsQueueDrainedException"/>, because BouncyCastle's receive loop would otherwise spin until its
/// wait time ran out (a wait of 0 means "forever" to it, and it swallows timeouts raised by the transport).
/// Buffers come from <see cref="ArrayPool{T}.Shared"/> and go back on dequeue, so steady-state queueing
/// allocates nothing.
/// </remarks>
internal sealed class DtlsQueueTransport : DatagramTransport
{
    /// <summary>Largest datagram accepted: an Ethernet MTU. Anything larger is not a browser's DTLS record.</summary>
    public const int ReceiveLimit = 1500;

    private readonly object _gate = new();
    private readonly byte[]?[] _buffers;
    private readonly int[] _lengths;
    private readonly int _mtu;
    private readonly DtlsTransmitSink _sink;
    private int _head;
    private int _count;
    private bool _aborted;
    private bool _nonBlocking;
    private long _deadline = long.MaxValue;

    public DtlsQueueTransport(int capacity, int mtu, DtlsTransmitSink sink)
    {
        _buffers = new byte[capacity][];
        _lengths = new int[capacity];
        _mtu = mtu;
        _sink = sink;
    }

    /// <summary>Datagrams currently queued.</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>Sets the instant (Stopwatch timestamp) after which a blocked receive fails the handshake.</summary>
    public void SetDeadline(long stopwatchTimestamp)
    {
        lock (_gate) _deadline = stopwatchTimestamp;
    }

    /// <summary>Switches to non-blocking draining once the handshake is over.</summary>
    public void SetNonBlocking()
    {
        lock (_gate) _nonBlocking = true;
    }

    /// <summary>
    /// Copies a datagram into the queue. False (and nothing kept) when it is empty, larger than
    /// <see cref="ReceiveLimit"/>, the queue is full, or the transport was aborted.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit) return false;
        lock (_gate)
        {
            if (_aborted || _count == _buffers.Length) return false;
            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            var tail = (_head + _count) % _buffers.Length;
            _buffers[tail] = buffer;
            _lengths[tail] = datagram.Length;
            _count++;
            Monitor.Pulse(_gate);
            return true;
        }
    }

    /// <summary>Wakes and fails any blocked receive, drops everything queued, and refuses further datagrams.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _aborted = true;
            while (_count > 0) ReturnHead();
            Monitor.PulseAll(_gate);
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <remarks>BouncyCastle: a <paramref name="waitMillis"/> of 0 means wait without limit (the deadline still applies).</remarks>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        lock (_gate)
        {
            var waitUntil = waitMillis > 0 ? Stopwatch.GetTimestamp() + (waitMillis * Stopwatch.Frequency / 1000) : long.MaxValue;
            while (_count == 0)
            {
                if (_aborted) throw new DtlsAbortedException();
                if (_nonBlocking) throw DtlsQueueDrainedException.Instance;
                var now = Stopwatch.GetTimestamp();
                if (now >= _deadline) throw new DtlsDeadlineException();
                if (now >= waitUntil) return -1;
                var until = Math.Min(waitUntil, _deadline);
                var millis = (int)Math.Clamp((until - now) * 1000 / Stopwatch.Frequency, 1, int.MaxValue);
                Monitor.Wait(_gate, millis);
            }
            var length = _lengths[_head];
            var source = _buffers[_head]!.AsSpan(0, length);
            // A datagram larger than BouncyCastle's buffer is discarded (it asks for GetReceiveLimit, so this is defensive).
            var copied = length <= buffer.Length ? length : -1;
            if (copied > 0) source.CopyTo(buffer);
            ReturnHead();
            return copied;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > _mtu) return; // BouncyCastle respects GetSendLimit; never emit more than the MTU.
        _sink(buffer);
    }

    /// <summary>BouncyCastle closes the transport when the DTLS connection closes or fails.</summary>
    public void Close() => Abort();

    private void ReturnHead()
    {
        ArrayPool<byte>.Shared.Return(_buffers[_head]!);
        _buffers[_head] = null;
        _head = (_head + 1) % _buffers.Length;
        _count--;
    }
}
