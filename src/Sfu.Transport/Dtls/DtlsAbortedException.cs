namespace Sfu.Transport.Dtls;

/// <summary>The engine was closed or discarded while the handshake thread waited for a datagram.</summary>
#pragma warning disable CA1032, CA1064 // Internal control-flow signal, never surfaced.
internal sealed class DtlsAbortedException : IOException
{
    public DtlsAbortedException()
        : base("DTLS transport aborted")
    {
    }
}
#pragma warning restore CA1032, CA1064
