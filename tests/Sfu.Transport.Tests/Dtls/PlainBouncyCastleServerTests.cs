using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>The engine's client role (a=setup:active) against a server written directly on BouncyCastle.</summary>
public sealed class PlainBouncyCastleServerTests
{
    [Theory]
    [InlineData(0x0007)]
    [InlineData(0x0001)]
    public async Task Client_engine_and_plain_server_agree_on_keys_and_certificates(int profile)
    {
        using var client = Client();
        var observer = new Observer(client);
        var server = new PlainBouncyCastleServer(ServerCertificate, profile);
        var (transport, error) = await PlainBouncyCastleServer.AcceptAsync(server, client);
        Assert.Null(error);
        var keys = await Within(observer.Completed, Generous);
        Assert.Equal((DtlsSrtpProfile)profile, keys.Profile);
        Assert.Equal(DtlsRole.Client, keys.Role);
        Assert.Equal(server.KeyingMaterial, keys.KeyingMaterial.ToArray());
        Assert.Equal(ClientCertificate.Der.ToArray(), server.ClientCertificateDer);
        transport!.Close();
    }

    [Fact]
    public async Task Client_engine_refuses_a_server_selecting_a_profile_it_did_not_offer()
    {
        using var client = Client(profiles: [DtlsSrtpProfile.AeadAes128Gcm]);
        var observer = new Observer(client);
        var server = new PlainBouncyCastleServer(ServerCertificate, 0x0001);
        var (transport, error) = await PlainBouncyCastleServer.AcceptAsync(server, client);
        Assert.Null(transport);
        Assert.NotNull(error);
        var failure = await Within(observer.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.AlertSent, failure.Reason);
        Assert.Equal(Org.BouncyCastle.Tls.AlertDescription.illegal_parameter, failure.AlertDescription);
        Assert.Null(client.Keys);
    }

    [Fact]
    public async Task Client_engine_refuses_a_server_whose_certificate_does_not_match()
    {
        using var client = Client();
        var observer = new Observer(client);
        var server = new PlainBouncyCastleServer(StrangerCertificate, 0x0007);
        var (transport, _) = await PlainBouncyCastleServer.AcceptAsync(server, client);
        Assert.Null(transport);
        var failure = await Within(observer.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Null(client.Keys);
        Assert.Null(server.KeyingMaterial);
    }
}
