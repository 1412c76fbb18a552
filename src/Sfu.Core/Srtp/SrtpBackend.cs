namespace Sfu.Core.Srtp;

/// <summary>Which cipher implementation an <see cref="SrtpContext"/> uses.</summary>
public enum SrtpBackend
{
    /// <summary>
    /// Reused OpenSSL 3 (libcrypto.so.3) EVP contexts through P/Invoke: keys scheduled once, only the IV set per
    /// packet. Falls back to <see cref="Portable"/> when libcrypto cannot be loaded.
    /// </summary>
    Accelerated = 0,
    /// <summary>.NET only: <c>AesGcm</c>, an AES-ECB keystream through a reused transform, <c>IncrementalHash</c>.</summary>
    Portable = 1,
}
