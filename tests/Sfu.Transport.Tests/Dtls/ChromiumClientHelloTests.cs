using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Chromium 156's real, fragmented, post-quantum ClientHello (2 fragments in 2 datagrams, record version
/// 0xfeff, X25519MLKEM768 key share) fed into a fresh server engine.
/// </summary>
public sealed class ChromiumClientHelloTests
{
    public static TheoryData<string> Captures() => [.. ChromiumCapture.All()];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Fixture_ClientHello_is_two_fragments_in_two_well_formed_datagrams(string capture)
    {
        var hello = ChromiumCapture.Load(capture).ClientHelloDatagrams;
        Assert.Equal(2, hello.Length);
        foreach (var datagram in hello)
        {
            Assert.True(DtlsRecordHeader.TryValidateDatagram(datagram, out var records, out _, out _));
            Assert.Equal(1, records);
            Assert.True(DtlsRecordHeader.TryParse(datagram, out var record, out _));
            Assert.Equal(0xFEFF, record.Version);
            Assert.Equal(DtlsRecordHeader.ContentHandshake, record.ContentType);
            Assert.Equal(1, record.Fragment[0]); // client_hello
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Server_answers_with_a_ServerHello_selecting_DTLS_1_2_c02b_and_the_preferred_SRTP_profile(string capture)
    {
        var fixture = ChromiumCapture.Load(capture);
        using var server = Server(expectClient: fixture.ClientFingerprint);
        foreach (var datagram in fixture.ClientHelloDatagrams) server.HandleDatagram(datagram);

        var hello = await ReadServerHello(server);
        Assert.Equal(0xFEFD, hello.ServerVersion); // DTLS 1.2 (RFC 6347 §4.1)
        Assert.Equal(0xFEFD, hello.RecordVersion);
        Assert.Equal(0xC02B, hello.CipherSuite); // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        Assert.Equal(new ushort[] { 0x0007 }, hello.SrtpProfiles); // AEAD_AES_128_GCM, our default preference
        Assert.Contains((ushort)0x0017, hello.ExtensionTypes); // extended_master_secret (RFC 7627)
        Assert.Equal(DtlsEngineState.Handshaking, server.State);
        server.Close();
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Server_forced_to_AES_CM_80_selects_it_from_Chromiums_offer(string capture)
    {
        var fixture = ChromiumCapture.Load(capture);
        using var server = Server(profiles: [DtlsSrtpProfile.AesCm128HmacSha1_80], expectClient: fixture.ClientFingerprint);
        foreach (var datagram in fixture.ClientHelloDatagrams) server.HandleDatagram(datagram);
        var hello = await ReadServerHello(server);
        Assert.Equal(new ushort[] { 0x0001 }, hello.SrtpProfiles);
        server.Close();
    }

    [Fact]
    public async Task Replayed_Chromium_second_flight_cannot_complete_against_a_new_server_random()
    {
        // The capture's client flight answers another server's random and certificate: replaying it must
        // not produce keys (Finished and CertificateVerify are bound to this handshake's transcript).
        var fixture = ChromiumCapture.Load(ChromiumCapture.All().First());
        using var server = Server(expectClient: fixture.ClientFingerprint, timeout: TimeSpan.FromSeconds(3));
        var observer = new Observer(server);
        foreach (var datagram in fixture.ClientToServerDatagrams) server.HandleDatagram(datagram);
        var failure = await Within(observer.FailedTask, Generous);
        Assert.NotEqual(DtlsFailureReason.FingerprintMismatch, failure.Reason); // the certificate itself is Chromium's
        Assert.Null(server.Keys);
    }

    private static async Task<ServerHelloReader.ServerHello> ReadServerHello(IDtlsEngine server)
    {
        // The very first datagram must be the ServerHello: no HelloVerifyRequest round trip (dtls-notes
        // pitfall 3; the ICE gate stands in for the cookie).
        var buffer = new byte[1500];
        var length = 0;
        Assert.True(await Eventually(() => server.TryPollTransmit(buffer, out length), Generous));
        var hello = ServerHelloReader.TryRead(buffer.AsSpan(0, length));
        Assert.NotNull(hello);
        return hello!;
    }
}
