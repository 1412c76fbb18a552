using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sfu.Server.Hosting;

/// <summary>
/// Graceful shutdown. The first SIGTERM or SIGINT stops new joins (they get 503), asks every participant
/// to leave, and stops the host once every room is empty or <c>shutdown_timeout</c> has passed. A second
/// signal exits at once.
/// </summary>
/// <remarks>
/// States: Running -[first signal]-> Draining -[rooms empty or timeout]-> Stopping (host stops);
/// Draining or Stopping -[second signal, 500 ms or more after the first]-> process exit (128 + signal number).
/// </remarks>
public sealed class ShutdownCoordinator
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ShutdownCoordinator> _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Action<int> _exit;
    private readonly List<IDrainable> _drainables = [];
    private readonly Lock _gate = new();
    private int _signals;
    private long _firstSignalAt;

    /// <summary>A repeated signal sooner than this after the first is treated as the same one.</summary>
    public static readonly TimeSpan DuplicateSignalWindow = TimeSpan.FromMilliseconds(500);

    public ShutdownCoordinator(IHostApplicationLifetime lifetime, ILogger<ShutdownCoordinator> log, TimeProvider time, TimeSpan timeout, Action<int>? exit = null)
    {
        _lifetime = lifetime;
        _log = log;
        _time = time;
        _timeout = timeout;
        _exit = exit ?? Environment.Exit;
    }

    /// <summary>True from the first signal on: joins are refused with 503.</summary>
    public bool IsDraining => Volatile.Read(ref _signals) > 0;

    /// <summary>Completes when the drain finished (rooms empty or timeout) and the host was asked to stop.</summary>
    public Task Drained => _drained.Task;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Registers a room holder to drain on shutdown.</summary>
    public void Register(IDrainable drainable)
    {
        lock (_gate) _drainables.Add(drainable);
    }

    /// <summary>Called for each SIGTERM/SIGINT (or by tests). <paramref name="exitCode"/> is used if this one forces an exit.</summary>
    public void OnSignal(string signal, int exitCode)
    {
        // One Ctrl-C reaches a process twice when a launcher (dotnet run, a shell script) forwards it to its
        // child as well: a repeat within DuplicateSignalWindow is the same request, not the operator's second.
        var now = _time.GetTimestamp();
        if (Volatile.Read(ref _signals) > 0 && _time.GetElapsedTime(Interlocked.Read(ref _firstSignalAt), now) < DuplicateSignalWindow)
            return;
        var n = Interlocked.Increment(ref _signals);
        if (n == 1)
        {
            Interlocked.Exchange(ref _firstSignalAt, now);
            ServerLog.ShutdownStarted(_log, signal, (int)_timeout.TotalSeconds);
            IDrainable[] drainables;
            lock (_gate) drainables = [.. _drainables];
            // Leave requests go out at once; only the wait for empty rooms runs in the background.
            foreach (var d in drainables)
            {
                try { d.BeginDrain(); }
                catch (Exception ex) { ServerLog.DrainFailed(_log, ex); }
            }
            _ = Task.Run(() => WaitForEmptyRoomsAsync(drainables));
        }
        else if (n == 2)
        {
            ServerLog.ShutdownForced(_log, signal);
            _exit(exitCode);
        }
    }

    private async Task WaitForEmptyRoomsAsync(IDrainable[] drainables)
    {
        var deadline = _time.GetTimestamp() + (long)(_timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var rooms = drainables.Sum(d => d.ActiveRoomCount);
            if (rooms == 0)
            {
                ServerLog.ShutdownRoomsEmpty(_log);
                break;
            }
            if (_time.GetTimestamp() >= deadline)
            {
                ServerLog.ShutdownTimedOut(_log, rooms);
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time).ConfigureAwait(false);
        }
        // Ask the host to stop first: Drained promises that this has happened.
        _lifetime.StopApplication();
        _drained.TrySetResult();
    }
}
