using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>RFC 5764 §4.2 key layout, checked against the split the captures recorded.</summary>
public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [MemberData(nameof(ChromiumClientHelloTests.Captures), MemberType = typeof(ChromiumClientHelloTests))]
    public void Captured_keying_material_splits_into_client_and_server_key_and_salt(string capture)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("capture/" + capture)));
        var srtp = document.RootElement.GetProperty("srtp");
        var profile = (DtlsSrtpProfile)srtp.GetProperty("profile_id").GetInt32();
        var material = Convert.FromHexString(srtp.GetProperty("keying_material_hex").GetString()!);
        var keys = new DtlsSrtpKeys(profile, DtlsRole.Server, material);

        byte[] Hex(string name) => Convert.FromHexString(srtp.GetProperty(name).GetString()!);
        Assert.Equal(Hex("client_master_key"), keys.ClientKey.ToArray());
        Assert.Equal(Hex("server_master_key"), keys.ServerKey.ToArray());
        Assert.Equal(Hex("client_master_salt"), keys.ClientSalt.ToArray());
        Assert.Equal(Hex("server_master_salt"), keys.ServerSalt.ToArray());
        // Chromium was the DTLS client: the server decrypts with the client's key and salt.
        Assert.Equal(Hex("client_master_key"), keys.RemoteKey.ToArray());
        Assert.Equal(Hex("client_master_salt"), keys.RemoteSalt.ToArray());
        Assert.Equal(Hex("server_master_key"), keys.LocalKey.ToArray());
    }

    [Theory]
    [InlineData(DtlsSrtpProfile.AesCm128HmacSha1_80, 16, 14, 60)]
    [InlineData(DtlsSrtpProfile.AesCm128HmacSha1_32, 16, 14, 60)]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 16, 12, 56)]
    [InlineData(DtlsSrtpProfile.AeadAes256Gcm, 32, 12, 88)]
    public void Profile_lengths_follow_RFC_5764_and_RFC_7714(DtlsSrtpProfile profile, int key, int salt, int total)
    {
        Assert.Equal(key, DtlsSrtpProfiles.KeyLength(profile));
        Assert.Equal(salt, DtlsSrtpProfiles.SaltLength(profile));
        Assert.Equal(total, DtlsSrtpProfiles.KeyingMaterialLength(profile));
        var material = Enumerable.Range(0, total).Select(i => (byte)i).ToArray();
        var keys = new DtlsSrtpKeys(profile, DtlsRole.Client, material);
        Assert.Equal(0, keys.ClientKey[0]);
        Assert.Equal(key, keys.ServerKey[0]);
        Assert.Equal(2 * key, keys.ClientSalt[0]);
        Assert.Equal((2 * key) + salt, keys.ServerSalt[0]);
        Assert.Equal(total - 1, keys.ServerSalt[^1]);
        Assert.Equal(keys.ClientKey.ToArray(), keys.LocalKey.ToArray());
    }

    [Fact]
    public void Wrong_length_or_unknown_profile_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DtlsSrtpKeys(DtlsSrtpProfile.AeadAes128Gcm, DtlsRole.Server, new byte[60]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsSrtpKeys((DtlsSrtpProfile)0x0005, DtlsRole.Server, new byte[60]));
        Assert.False(DtlsSrtpProfiles.IsSupported(DtlsSrtpProfile.None));
    }
}
