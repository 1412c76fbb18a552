namespace Sfu.Transport.Dtls;

/// <summary>
/// The result of a successful DTLS-SRTP handshake: the negotiated profile, this side's role and the
/// exported keying material, split the way RFC 5764 §4.2 lays it out.
/// </summary>
/// <remarks>
/// RFC 5764 §4.2: the exporter (RFC 5705, label "EXTRACTOR-dtls_srtp", no context) yields
/// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
/// server_write_SRTP_master_salt. The client protects what it sends with the client key and salt, so the
/// local (sending) key is the client's when <see cref="Role"/> is <see cref="DtlsRole.Client"/>.
/// </remarks>
public sealed class DtlsSrtpKeys
{
    private readonly byte[] _material;

    /// <summary>Wraps exported material; <paramref name="material"/> must be <see cref="DtlsSrtpProfiles.KeyingMaterialLength"/> long.</summary>
    public DtlsSrtpKeys(DtlsSrtpProfile profile, DtlsRole role, byte[] material)
    {
        ArgumentNullException.ThrowIfNull(material);
        if (!DtlsSrtpProfiles.IsSupported(profile))
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile");
        if (material.Length != DtlsSrtpProfiles.KeyingMaterialLength(profile))
            throw new ArgumentException("keying material length does not match the profile", nameof(material));
        Profile = profile;
        Role = role;
        _material = material;
    }

    /// <summary>The negotiated SRTP protection profile.</summary>
    public DtlsSrtpProfile Profile { get; }

    /// <summary>The DTLS role this side played.</summary>
    public DtlsRole Role { get; }

    /// <summary>The whole exported block: client_key | server_key | client_salt | server_salt.</summary>
    public ReadOnlySpan<byte> KeyingMaterial => _material;

    private int KeyLength => DtlsSrtpProfiles.KeyLength(Profile);
    private int SaltLength => DtlsSrtpProfiles.SaltLength(Profile);

    /// <summary>client_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ClientKey => _material.AsSpan(0, KeyLength);

    /// <summary>server_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ServerKey => _material.AsSpan(KeyLength, KeyLength);

    /// <summary>client_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ClientSalt => _material.AsSpan(2 * KeyLength, SaltLength);

    /// <summary>server_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ServerSalt => _material.AsSpan((2 * KeyLength) + SaltLength, SaltLength);

    /// <summary>Master key this side protects outgoing SRTP/SRTCP with.</summary>
    public ReadOnlySpan<byte> LocalKey => Role == DtlsRole.Client ? ClientKey : ServerKey;

    /// <summary>Master salt this side protects outgoing SRTP/SRTCP with.</summary>
    public ReadOnlySpan<byte> LocalSalt => Role == DtlsRole.Client ? ClientSalt : ServerSalt;

    /// <summary>Master key the peer protects its SRTP/SRTCP with (what this side unprotects with).</summary>
    public ReadOnlySpan<byte> RemoteKey => Role == DtlsRole.Client ? ServerKey : ClientKey;

    /// <summary>Master salt the peer protects its SRTP/SRTCP with.</summary>
    public ReadOnlySpan<byte> RemoteSalt => Role == DtlsRole.Client ? ServerSalt : ClientSalt;
}
