using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>RFC 6188 section 7: AES-256 counter-mode keystream and key derivation, byte-exact.</summary>
public class Rfc6188SrtpTests
{
    [Theory]
    [MemberData(nameof(SrtpTestData.BackendData), MemberType = typeof(SrtpTestData))]
    public void Section7_1_Aes256CmKeystream(SrtpBackend backend)
    {
        var key = Convert.FromHexString("57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98");
        var iv = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
        var expected = Convert.FromHexString("92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac63c4868b7096d88421b563b8c94c9a31");
        using var cipher = SrtpCipherFactory.CreateCmHmac(backend, key, new byte[20]);
        var data = new byte[expected.Length];
        cipher.ApplyKeystream(iv, data);
        Assert.Equal(expected, data);
    }

    [Fact]
    public void Section7_2_Aes256KeyDerivation()
    {
        var masterKey = Convert.FromHexString("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
        var masterSalt = Convert.FromHexString("3b04803de51ee7c96423ab5b78d2");
        var key = new byte[32];
        var salt = new byte[14];
        var auth = new byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.LabelRtpAuthentication, auth);
        Assert.Equal(Convert.FromHexString("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"), key);
        Assert.Equal(Convert.FromHexString("fa31791685ca444a9e07c6c64e93"), salt);
        Assert.Equal(Convert.FromHexString("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"), auth);
    }
}
