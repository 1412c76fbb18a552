namespace Sfu.Transport.Dtls;

/// <summary>SRTP protection profiles negotiated by the use_srtp extension, with their IANA ids.</summary>
/// <remarks>
/// RFC 5764 §4.1.2 (0x0001, 0x0002) and RFC 7714 §14.2 (0x0007, 0x0008). The id is what the ServerHello
/// carries; <see cref="DtlsSrtpProfiles"/> gives the key and salt lengths each one exports.
/// </remarks>
public enum DtlsSrtpProfile : ushort
{
    /// <summary>No profile negotiated.</summary>
    None = 0x0000,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: 16-byte key, 14-byte salt, 80-bit tag.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32: 16-byte key, 14-byte salt, 32-bit tag (SRTP only; SRTCP keeps 80).</summary>
    AesCm128HmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM: 16-byte key, 12-byte salt, 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM: 32-byte key, 12-byte salt, 16-byte tag.</summary>
    AeadAes256Gcm = 0x0008,
}
