namespace Sfu.Core.Srtp;

/// <summary>Key, salt and tag sizes of each <see cref="SrtpProfile"/>.</summary>
/// <remarks>
/// RFC 5764 section 4.1.2 (AES_CM profiles: 128-bit key, 112-bit salt, HMAC-SHA1 with a 160-bit key,
/// 80- or 32-bit SRTP tag, 80-bit SRTCP tag) and RFC 7714 section 14.2 (AEAD profiles: 96-bit salt,
/// 128-bit tag, no separate authentication key).
/// </remarks>
public static class SrtpProfileExtensions
{
    /// <summary>True when the profile is defined (one of the four supported values).</summary>
    public static bool IsSupported(this SrtpProfile profile) => profile is SrtpProfile.AesCm128HmacSha1_80
        or SrtpProfile.AesCm128HmacSha1_32 or SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    /// <summary>True for the AES-GCM profiles of RFC 7714.</summary>
    public static bool IsAead(this SrtpProfile profile) =>
        profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    /// <summary>Master (and session) encryption key length in bytes.</summary>
    public static int KeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32 or SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile"),
    };

    /// <summary>Master (and session) salt length in bytes: 14 for AES-CM, 12 for AEAD.</summary>
    public static int SaltLength(this SrtpProfile profile) => profile.IsAead() ? 12 : 14;

    /// <summary>Session authentication key length in bytes (HMAC-SHA1: 20; AEAD: 0).</summary>
    public static int AuthKeyLength(this SrtpProfile profile) => profile.IsAead() ? 0 : 20;

    /// <summary>Authentication tag appended to each SRTP packet.</summary>
    public static int RtpTagLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_32 => 4,
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        _ => 16,
    };

    /// <summary>Authentication tag appended to each SRTCP packet (80 bits for both AES_CM profiles).</summary>
    public static int RtcpTagLength(this SrtpProfile profile) => profile.IsAead() ? 16 : 10;

    /// <summary>Bytes protect adds to an RTP packet: the tag (no MKI is used).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.RtpTagLength();

    /// <summary>Bytes protect adds to an RTCP packet: E flag and index (4) plus the tag.</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => 4 + profile.RtcpTagLength();
}
