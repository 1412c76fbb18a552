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

    /// <summary>One shared instance: it is thrown on every drain, so it must not allocate.</summary>
    public static DtlsQueueDrainedException Instance { get; } = new();
}

/// <summary>The engine was closed or discarded while the handshake thread waited for a datagram.</summary>
internal sealed class DtlsAbortedException : IOException
{
    public DtlsAbortedException()
        : base("DTLS transport aborted")
    {
    }
}

/// <summary>The handshake deadline passed while the handshake thread waited for a datagram.</summary>
internal sealed class DtlsDeadlineException : IOException
{
    public DtlsDeadlineException()
        : base("DTLS handshake timed out")
    {
    }
}
#pragma warning restore CA1032, CA1064
