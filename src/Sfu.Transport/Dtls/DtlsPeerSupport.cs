using Org.BouncyCastle.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>Settings shared by <see cref="DtlsSrtpServer"/> and <see cref="DtlsSrtpClient"/>.</summary>
internal static class DtlsPeerSupport
{
    /// <summary>
    /// ECDHE with ECDSA and AEAD only: the certificate is ECDSA P-256, forward secrecy is required (RFC 8827
    /// §6.5), and AEAD gives a fixed minimum ciphertext length that <see cref="MinimumCiphertextLength"/> can
    /// check before BouncyCastle sees a record. AES-128-GCM first, Chromium's first DTLS 1.2 suite (c02b);
    /// every browser offers it.
    /// </summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// The shortest protected record fragment the negotiated suite can produce: GCM carries an 8-byte explicit
    /// nonce and a 16-byte tag (RFC 5288 §3), ChaCha20-Poly1305 only the tag (RFC 7905 §2). BouncyCastle 2.7.0
    /// answers a shorter one with a fatal decode_error that tears the session down (the class of OpenSSL
    /// CVE-2026-75806, security.md DTLS item 11), so the engine discards such records itself.
    /// </summary>
    public static int MinimumCiphertextLength(int cipherSuite) => cipherSuite switch
    {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => 8 + 16,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => 16,
        _ => 0,
    };

    /// <summary>
    /// DTLS 1.2 only: BouncyCastle 2.7.0 has no DTLS 1.3 server, and listing 1.3 makes it fail with
    /// internal_error (dtls-notes pitfall 1).
    /// </summary>
    public static ProtocolVersion[] Versions => ProtocolVersion.DTLSv12.Only();

    /// <summary>
    /// Largest handshake message accepted (BouncyCastle's default is 32 KiB). BouncyCastle sizes a reassembly
    /// buffer from the declared length before anything is authenticated (security.md items 3, 12), so keep
    /// it near what real peers send: Chromium 156's post-quantum ClientHello is 1,413 bytes, WebRTC
    /// certificates well under 2 KB.
    /// </summary>
    public const int MaxHandshakeMessageSize = 8192;

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
