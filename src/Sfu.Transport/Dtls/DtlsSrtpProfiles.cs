namespace Sfu.Transport.Dtls;

/// <summary>Facts about each <see cref="DtlsSrtpProfile"/>: key and salt lengths, and the default preference.</summary>
/// <remarks>
/// Key and salt lengths: RFC 5764 §4.1.2 for the AES-CM profiles (SRTP_AES128_CM_HMAC_SHA1_80/32: master
/// key 128 bits, master salt 112 bits) and RFC 7714 §12 for AEAD (master salt 96 bits).
/// </remarks>
public static class DtlsSrtpProfiles
{
    /// <summary>
    /// The default server preference: AEAD_AES_128_GCM first (cheaper per packet and no separate HMAC),
    /// then AES_CM_128_HMAC_SHA1_80, which every WebRTC stack implements.
    /// </summary>
    public static IReadOnlyList<DtlsSrtpProfile> DefaultPreference { get; } =
        [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.AesCm128HmacSha1_80];

    /// <summary>True for the four profiles this engine can export keys for.</summary>
    public static bool IsSupported(DtlsSrtpProfile profile) => KeyLength(profile) > 0;

    /// <summary>Master key length in bytes, or 0 for an unknown profile.</summary>
    public static int KeyLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.AesCm128HmacSha1_80 or DtlsSrtpProfile.AesCm128HmacSha1_32 or DtlsSrtpProfile.AeadAes128Gcm => 16,
        DtlsSrtpProfile.AeadAes256Gcm => 32,
        _ => 0,
    };

    /// <summary>Master salt length in bytes, or 0 for an unknown profile.</summary>
    public static int SaltLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.AesCm128HmacSha1_80 or DtlsSrtpProfile.AesCm128HmacSha1_32 => 14,
        DtlsSrtpProfile.AeadAes128Gcm or DtlsSrtpProfile.AeadAes256Gcm => 12,
        _ => 0,
    };

    /// <summary>
    /// Length of the keying material to export for a profile: RFC 5764 §4.2, 2 * (key + salt).
    /// </summary>
    public static int KeyingMaterialLength(DtlsSrtpProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));
}
