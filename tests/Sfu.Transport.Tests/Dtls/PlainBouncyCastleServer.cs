using System.Collections.Concurrent;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// A DTLS-SRTP server written straight on BouncyCastle's public API (none of the engine's code), to check
/// the engine's client role (a=setup:active) against a second server.
/// </summary>
internal sealed class PlainBouncyCastleServer : DefaultTlsServer
{
    private readonly DtlsCertificate _certificate;
    private readonly int _profile;

    public PlainBouncyCastleServer(DtlsCertificate certificate, int profile)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _profile = profile;
    }

    public byte[]? KeyingMaterial { get; private set; }

    public byte[]? ClientCertificateDer { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    // DefaultTlsServer lists no ECDSA suites; this server's certificate is ECDSA.
    protected override int[] GetSupportedCipherSuites() =>
        [CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto,
            _certificate.PrivateKey, _certificate.Chain, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        ClientCertificateDer = clientCertificate.IsEmpty ? null : clientCertificate.GetCertificateAt(0).GetEncoded();

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null,
            DtlsSrtpProfiles.KeyingMaterialLength((DtlsSrtpProfile)_profile));
    }

    /// <summary>Accepts on its own thread from a client engine; this side's sends go straight into the engine.</summary>
    public static async Task<(DtlsTransport? Transport, Exception? Error)> AcceptAsync(PlainBouncyCastleServer server, IDtlsEngine client)
    {
        var inbound = new BlockingCollection<byte[]>();
        var buffer = new byte[1500];
        void Drain(IDtlsEngine engine)
        {
            lock (buffer)
            {
                while (engine.TryPollTransmit(buffer, out var n)) inbound.Add(buffer.AsSpan(0, n).ToArray());
            }
        }
        client.TransmitReady += Drain;
        var accept = Task.Run(() => new DtlsServerProtocol().Accept(server, new Transport(inbound, client)));
        client.Start();
        Drain(client);
        try
        {
            return (await accept, null);
        }
#pragma warning disable CA1031 // the test inspects the error
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, e);
        }
        finally
        {
            client.TransmitReady -= Drain;
        }
    }

    private sealed class Transport(BlockingCollection<byte[]> inbound, IDtlsEngine client) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!inbound.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis)) return -1;
            datagram.CopyTo(buffer);
            return datagram.Length;
        }

        public void Send(byte[] buf, int off, int len) => client.HandleDatagram(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => client.HandleDatagram(buffer);

        public void Close()
        {
        }
    }
}
