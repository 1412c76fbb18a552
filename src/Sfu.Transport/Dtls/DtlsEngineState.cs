namespace Sfu.Transport.Dtls;

/// <summary>Life cycle of an <see cref="IDtlsEngine"/>.</summary>
public enum DtlsEngineState
{
    /// <summary>Created; a server starts on its first datagram, a client on <see cref="IDtlsEngine.Start"/>.</summary>
    New,

    /// <summary>Handshake queued or running on the handshake pool.</summary>
    Handshaking,

    /// <summary>Handshake complete, keys exported; application data flows.</summary>
    Connected,

    /// <summary>Closed locally (<see cref="IDtlsEngine.Close"/>) or by the peer's close_notify.</summary>
    Closed,

    /// <summary>Failed; <see cref="IDtlsEngine.Failed"/> said why.</summary>
    Failed,
}
