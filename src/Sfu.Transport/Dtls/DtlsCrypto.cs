using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Sfu.Transport.Dtls;

/// <summary>The BouncyCastle crypto provider every engine shares (it holds no per-connection state).</summary>
internal static class DtlsCrypto
{
    /// <summary>
    /// One <see cref="SecureRandom"/> (backed by the OS generator, safe to share between threads) and the
    /// provider built on it; creating one per handshake would only cost time.
    /// </summary>
    public static BcTlsCrypto Instance { get; } = new(new SecureRandom());
}
