namespace Sfu.Transport.Dtls;

/// <summary>The payload of <see cref="IDtlsEngine.Failed"/>: why the session failed and a human-readable detail.</summary>
/// <param name="Reason">The failure class, suitable as a metric label.</param>
/// <param name="AlertDescription">The TLS alert description sent or received (RFC 5246 §7.2), or -1 when none.</param>
/// <param name="Detail">A short diagnostic message (never contains key material).</param>
public sealed record DtlsFailure(DtlsFailureReason Reason, int AlertDescription, string Detail);
