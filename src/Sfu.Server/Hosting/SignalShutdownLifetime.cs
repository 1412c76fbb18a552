using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Sfu.Server.Hosting;

/// <summary>
/// Replaces the console lifetime so that SIGTERM and SIGINT drain instead of stopping at once
/// (<see cref="ShutdownCoordinator"/>). The default handling is cancelled for both signals.
/// </summary>
internal sealed class SignalShutdownLifetime : IHostLifetime, IDisposable
{
    private readonly ShutdownCoordinator _coordinator;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalShutdownLifetime(ShutdownCoordinator coordinator) => _coordinator = coordinator;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        return Task.CompletedTask;
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        var (name, code) = context.Signal == PosixSignal.SIGINT ? ("SIGINT", 130) : ("SIGTERM", 143);
        _coordinator.OnSignal(name, code);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
    }
}
