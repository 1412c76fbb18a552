namespace Sfu.Core.Srtp;

/// <summary>
/// Splits the DTLS-SRTP exporter output into master keys and salts and makes the two contexts of a session.
/// </summary>
/// <remarks>
/// RFC 5764 section 4.2: <c>EXTRACTOR-dtls_srtp</c> yields
/// <c>client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt</c>,
/// 2 * (key + salt) bytes (60 for AES_CM_128, 56 for AEAD_AES_128_GCM, 88 for AEAD_AES_256_GCM). Each side
/// protects with its own role's key and unprotects with the other's.
/// </remarks>
public static class SrtpKeyingMaterial
{
    /// <summary>How many bytes to export for <paramref name="profile"/>.</summary>
    public static int GetLength(SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    /// <summary>The master key and salt one role writes with.</summary>
    public static void Split(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpRole writer,
        out ReadOnlySpan<byte> masterKey, out ReadOnlySpan<byte> masterSalt)
    {
        var keyLength = profile.KeyLength();
        var saltLength = profile.SaltLength();
        if (material.Length != 2 * (keyLength + saltLength))
            throw new ArgumentException($"{profile} keying material is {GetLength(profile)} bytes, not {material.Length}", nameof(material));
        var server = writer == SrtpRole.Server ? 1 : 0;
        masterKey = material.Slice(server * keyLength, keyLength);
        masterSalt = material.Slice((2 * keyLength) + (server * saltLength), saltLength);
    }

    /// <summary>The context that protects what the local endpoint (in <paramref name="localRole"/>) sends.</summary>
    public static SrtpContext CreateOutbound(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpRole localRole, SrtpContextOptions? options = null)
    {
        Split(profile, material, localRole, out var key, out var salt);
        return SrtpContext.Create(profile, key, salt, options);
    }

    /// <summary>The context that unprotects what the remote endpoint (the other role) sends.</summary>
    public static SrtpContext CreateInbound(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpRole localRole, SrtpContextOptions? options = null)
    {
        Split(profile, material, localRole == SrtpRole.Client ? SrtpRole.Server : SrtpRole.Client, out var key, out var salt);
        return SrtpContext.Create(profile, key, salt, options);
    }
}
