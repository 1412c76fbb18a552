namespace Sfu.Core.Srtp;

/// <summary>
/// An SRTP protection profile, numbered as DTLS-SRTP negotiates it in the use_srtp extension.
/// </summary>
/// <remarks>
/// Values are the two-byte profile ids of RFC 5764 section 4.1.2 (AES_CM) and RFC 7714 section 14.2 (AEAD).
/// AEAD_AES_128_GCM is preferred; AES_CM_128_HMAC_SHA1_32 exists only for interop with peers that offer
/// nothing else, and its SRTCP keeps the 80-bit tag (RFC 5764 section 4.1.2).
/// </remarks>
public enum SrtpProfile : ushort
{
    /// <summary>Not negotiated.</summary>
    None = 0,
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 3711).</summary>
    AesCm128HmacSha1_80 = 0x0001,
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32: as above with a 32-bit SRTP tag; SRTCP still uses 80 bits.</summary>
    AesCm128HmacSha1_32 = 0x0002,
    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-byte tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
    /// <summary>SRTP_AEAD_AES_256_GCM: AES-256-GCM with a 16-byte tag (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}
