using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>A client written directly on BouncyCastle (none of the engine's code) against the server engine.</summary>
public sealed class PlainBouncyCastleClientTests
{
    [Fact]
    public async Task Plain_client_and_server_engine_agree_on_GCM_keys()
    {
        using var server = Server();
        var observer = new Observer(server);
        var (client, transport, error) = await PlainBouncyCastleClient.ConnectAsync(
            new PlainBouncyCastleClient(ClientCertificate, 0x0001, 0x0007), server);
        Assert.Null(error);
        var keys = await Within(observer.Completed, Generous);

        Assert.Equal(0x0007, client.SelectedProfile);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, keys.Profile);
        Assert.Equal(client.KeyingMaterial, keys.KeyingMaterial.ToArray());
        Assert.Equal(ServerCertificate.Der.ToArray(), client.ServerCertificateDer);
        transport!.Close();
    }

    [Fact]
    public async Task Plain_client_offering_only_AES_CM_80_gets_it()
    {
        using var server = Server();
        var observer = new Observer(server);
        var (client, transport, error) = await PlainBouncyCastleClient.ConnectAsync(
            new PlainBouncyCastleClient(ClientCertificate, 0x0001), server);
        Assert.Null(error);
        var keys = await Within(observer.Completed, Generous);
        Assert.Equal(0x0001, client.SelectedProfile);
        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, keys.Profile);
        Assert.Equal(client.KeyingMaterial, keys.KeyingMaterial.ToArray());
        transport!.Close();
    }

    [Fact]
    public async Task Plain_client_with_an_unexpected_certificate_gets_a_fatal_alert_and_the_server_no_keys()
    {
        using var server = Server();
        var observer = new Observer(server);
        var (client, transport, error) = await PlainBouncyCastleClient.ConnectAsync(
            new PlainBouncyCastleClient(StrangerCertificate, 0x0007), server);
        Assert.Null(transport);
        var alert = Assert.IsAssignableFrom<Org.BouncyCastle.Tls.TlsFatalAlertReceived>(error);
        Assert.Equal(Org.BouncyCastle.Tls.AlertDescription.bad_certificate, alert.AlertDescription);
        var failure = await Within(observer.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Null(server.Keys);
        Assert.Null(client.KeyingMaterial);
    }

    [Fact]
    public async Task Plain_client_application_data_is_decrypted_and_surfaced()
    {
        using var server = Server();
        var observer = new Observer(server);
        var (_, transport, error) = await PlainBouncyCastleClient.ConnectAsync(
            new PlainBouncyCastleClient(ClientCertificate, 0x0007), server);
        Assert.Null(error);
        await Within(observer.Completed, Generous);
        Assert.True(await Eventually(() => server.State == DtlsEngineState.Connected, Generous));
        transport!.Send("sctp-ish"u8);
        Assert.True(await Eventually(() => observer.Data.Length == 1, Generous));
        Assert.Equal("sctp-ish"u8.ToArray(), observer.Data[0]);
        transport.Close(); // close_notify
        await Within(observer.ClosedTask, Generous);
        Assert.Equal(DtlsEngineState.Closed, server.State);
    }
}
