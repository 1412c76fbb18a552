using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>RFC 5764 section 4.2 layout: client_key | server_key | client_salt | server_salt.</summary>
public class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 60)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 88)]
    public void Length_IsTwiceKeyPlusSalt(SrtpProfile profile, int expected) =>
        Assert.Equal(expected, SrtpKeyingMaterial.GetLength(profile));

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void Split_TakesEachRolesKeyAndSaltFromItsSlot(SrtpProfile profile)
    {
        var material = new byte[SrtpKeyingMaterial.GetLength(profile)];
        for (var i = 0; i < material.Length; i++) material[i] = (byte)i;
        int k = profile.KeyLength(), s = profile.SaltLength();
        SrtpKeyingMaterial.Split(profile, material, SrtpRole.Client, out var ck, out var cs);
        SrtpKeyingMaterial.Split(profile, material, SrtpRole.Server, out var sk, out var ss);
        Assert.Equal(material[..k], ck.ToArray());
        Assert.Equal(material[k..(2 * k)], sk.ToArray());
        Assert.Equal(material[(2 * k)..((2 * k) + s)], cs.ToArray());
        Assert.Equal(material[((2 * k) + s)..], ss.ToArray());
    }

    [Fact]
    public void Split_RefusesMaterialOfTheWrongLength() =>
        Assert.Throws<ArgumentException>(() => SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, new byte[60], SrtpRole.Client, out _, out _));

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void ClientOutbound_IsReadByServerInbound_AndNotByServerOutbound(SrtpProfile profile)
    {
        var material = new byte[SrtpKeyingMaterial.GetLength(profile)];
        new Random(7).NextBytes(material);
        using var clientOut = SrtpKeyingMaterial.CreateOutbound(profile, material, SrtpRole.Client);
        using var serverIn = SrtpKeyingMaterial.CreateInbound(profile, material, SrtpRole.Server);
        using var serverOutAsReader = SrtpKeyingMaterial.CreateOutbound(profile, material, SrtpRole.Server);
        var packet = SrtpTestData.Rtp(1);
        Assert.True(clientOut.TryProtectRtp(packet, SrtpTestData.RtpLength(), out var n));
        Assert.False(serverOutAsReader.TryUnprotectRtp(packet.AsSpan(0, n).ToArray(), out _, out var error));
        Assert.Equal(SrtpError.AuthFailed, error);
        Assert.True(serverIn.TryUnprotectRtp(packet.AsSpan(0, n), out _, out _));
    }
}
