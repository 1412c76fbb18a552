namespace Sfu.Transport.Dtls;

/// <summary>
/// Connects two engines in memory: a dedicated pump thread plays the shard for both, moving every polled
/// datagram to the other engine. Used by the warm-up self-handshake, the tests and the benchmarks.
/// </summary>
/// <remarks>
/// The pump thread is the only caller of <see cref="IDtlsEngine.HandleDatagram"/> on either engine, as a
/// shard would be. It sleeps on an <see cref="AutoResetEvent"/> that <see cref="IDtlsEngine.TransmitReady"/> sets.
/// </remarks>
public sealed class DtlsLoopback : IDisposable
{
    private readonly IDtlsEngine _first;
    private readonly IDtlsEngine _second;
    private readonly DtlsLoopbackFilter? _filter;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly byte[] _buffer = new byte[DtlsQueueTransport.ReceiveLimit];
    private volatile bool _stopped;
    private int _disposed;
    private long _delivered;
    private long _filtered;

    /// <summary>Starts pumping between two engines (neither is started here).</summary>
    public DtlsLoopback(IDtlsEngine first, IDtlsEngine second, DtlsLoopbackFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        _first = first;
        _second = second;
        _filter = filter;
        first.TransmitReady += Wake;
        second.TransmitReady += Wake;
        _thread = new Thread(Run, DtlsHandshakePool.DefaultStackSize) { IsBackground = true, Name = "dtls-loopback" };
        _thread.Start();
    }

    /// <summary>Datagrams delivered so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Datagrams the filter dropped.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Wakes the pump thread so it polls both engines now.</summary>
    public void Kick() => _wake.Set();

    /// <summary>Stops the pump thread (the engines are not closed).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopped = true;
        _first.TransmitReady -= Wake;
        _second.TransmitReady -= Wake;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Wake(IDtlsEngine engine)
    {
        // May race with Dispose on a handshake thread; a late wake-up has nothing left to do.
        if (_stopped) return;
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Run()
    {
        while (!_stopped)
        {
            var moved = Move(_first, _second, true) | Move(_second, _first, false);
            if (!moved) _wake.WaitOne(100);
        }
    }

    private bool Move(IDtlsEngine from, IDtlsEngine to, bool fromFirst)
    {
        var moved = false;
        while (from.TryPollTransmit(_buffer, out var length))
        {
            moved = true;
            var datagram = _buffer.AsSpan(0, length);
            if (_filter is not null && !_filter(fromFirst, datagram))
            {
                Interlocked.Increment(ref _filtered);
                continue;
            }
            Interlocked.Increment(ref _delivered);
            to.HandleDatagram(datagram);
        }
        return moved;
    }
}
