namespace Sfu.Transport.Dtls;

/// <summary>The handshake deadline passed while the handshake thread waited for a datagram.</summary>
#pragma warning disable CA1032, CA1064 // Internal control-flow signal, never surfaced.
internal sealed class DtlsDeadlineException : IOException
{
    public DtlsDeadlineException()
        : base("DTLS handshake timed out")
    {
    }
}
#pragma warning restore CA1032, CA1064
