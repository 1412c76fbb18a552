using Sfu.Transport.Dtls;

namespace Sfu.Benchmarks;

/// <summary>
/// One thread moving datagrams between many client/server engine pairs (what <see cref="DtlsLoopback"/>
/// does for one pair), so a 64-handshake benchmark does not also start 64 pump threads.
/// </summary>
internal sealed class DtlsPairPump : IDisposable
{
    private readonly IDtlsEngine[] _clients;
    private readonly IDtlsEngine[] _servers;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly byte[] _buffer = new byte[1500];
    private volatile bool _stopped;

    public DtlsPairPump(IDtlsEngine[] clients, IDtlsEngine[] servers)
    {
        _clients = clients;
        _servers = servers;
        foreach (var engine in clients.Concat(servers)) engine.TransmitReady += Wake;
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = "dtls-bench-pump" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopped = true;
        foreach (var engine in _clients.Concat(_servers)) engine.TransmitReady -= Wake;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Wake(IDtlsEngine engine)
    {
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
            var moved = false;
            for (var i = 0; i < _clients.Length; i++)
            {
                moved |= Move(_clients[i], _servers[i]);
                moved |= Move(_servers[i], _clients[i]);
            }
            if (!moved) _wake.WaitOne(50);
        }
    }

    private bool Move(IDtlsEngine from, IDtlsEngine to)
    {
        var moved = false;
        while (from.TryPollTransmit(_buffer, out var length))
        {
            moved = true;
            to.HandleDatagram(_buffer.AsSpan(0, length));
        }
        return moved;
    }
}
