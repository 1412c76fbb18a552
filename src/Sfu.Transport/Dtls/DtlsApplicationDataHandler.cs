namespace Sfu.Transport.Dtls;

/// <summary>
/// Receives one decrypted application_data record (SCTP, RFC 8261). The span is only valid during the call.
/// </summary>
public delegate void DtlsApplicationDataHandler(IDtlsEngine engine, ReadOnlySpan<byte> data);
