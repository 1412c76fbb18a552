namespace Sfu.Transport.Dtls;

/// <summary>Decides whether <see cref="DtlsLoopback"/> delivers a datagram (false drops it), e.g. to simulate loss.</summary>
/// <param name="fromFirst">True for a datagram from the first engine to the second.</param>
/// <param name="datagram">The datagram.</param>
public delegate bool DtlsLoopbackFilter(bool fromFirst, ReadOnlySpan<byte> datagram);
