namespace Sfu.Transport.Dtls;

/// <summary>Receives each datagram the DTLS implementation wants sent (the span is only valid during the call).</summary>
internal delegate void DtlsTransmitSink(ReadOnlySpan<byte> datagram);
