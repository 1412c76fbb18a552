using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// Thrown by <see cref="DtlsQueueTransport"/> in non-blocking mode when its queue is empty. It derives from
/// <see cref="TlsFatalAlertReceived"/> only because that is the one exception BouncyCastle's
/// <see cref="DtlsTransport"/>.Receive rethrows without failing the connection; the engine catches it at once.
/// </summary>
#pragma warning disable CA1032, CA1064 // Internal control-flow signal, never surfaced.
internal sealed class DtlsQueueDrainedException : TlsFatalAlertReceived
{
    private DtlsQueueDrainedException()
        : base(Org.BouncyCastle.Tls.AlertDescription.user_canceled)
    {
    }

    /// <summary>One shared instance: it is thrown on every drain, so it must not allocate a new one each time.</summary>
    public static DtlsQueueDrainedException Instance { get; } = new();
}
#pragma warning restore CA1032, CA1064
