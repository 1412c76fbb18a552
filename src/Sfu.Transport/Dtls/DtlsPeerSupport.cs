using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>Settings shared by <see cref="DtlsSrtpServer"/> and <see cref="DtlsSrtpClient"/>.</summary>
internal static class DtlsPeerSupport
{
    /// <summary>
    /// ECDHE with ECDSA only: the certificate is ECDSA P-256, and forward secrecy is required (RFC 8827 §6.5).
    /// AES-128-GCM first, which is Chromium's first DTLS 1.2 suite (dtls-notes: c02b).
    /// </summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    /// <summary>
    /// DTLS 1.2 only: BouncyCastle 2.7.0 has no DTLS 1.3 server, and listing 1.3 makes it fail with
    /// internal_error (dtls-notes pitfall 1).
    /// </summary>
    public static ProtocolVersion[] Versions => ProtocolVersion.DTLSv12.Only();

    /// <summary>The options' preference as the int[] BouncyCastle's UseSrtpData wants.</summary>
    public static int[] ProfileIds(IReadOnlyList<DtlsSrtpProfile> profiles)
    {
        var ids = new int[profiles.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = (int)profiles[i];
        return ids;
    }

    /// <summary>
    /// RFC 5764 §4.1.1: the server picks one profile the client offered. Ours is the first of our preference
    /// list that the client also offered (the client's order is ignored on purpose: the server's
    /// configuration decides, e.g. to force AES-CM).
    /// </summary>
    public static DtlsSrtpProfile Choose(IReadOnlyList<DtlsSrtpProfile> preference, int[] offered)
    {
        foreach (var candidate in preference)
        {
            if (!DtlsSrtpProfiles.IsSupported(candidate)) continue;
            if (Array.IndexOf(offered, (int)candidate) >= 0) return candidate;
        }
        return DtlsSrtpProfile.None;
    }
}
