using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// A DTLS-SRTP client written straight on BouncyCastle's public API, sharing none of the engine's code
/// (its own TlsClient, its own blocking transport), to check the server engine against a second client.
/// </summary>
internal sealed class PlainBouncyCastleClient : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate;
    private readonly int[] _offeredProfiles;

    public PlainBouncyCastleClient(DtlsCertificate certificate, params int[] offeredProfiles)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _offeredProfiles = offeredProfiles;
    }

    public byte[]? KeyingMaterial { get; private set; }

    public int SelectedProfile { get; private set; }

    public byte[]? ServerCertificateDer { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_offeredProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        SelectedProfile = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions).ProtectionProfiles.Single();
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var length = DtlsSrtpProfiles.KeyingMaterialLength((DtlsSrtpProfile)SelectedProfile);
        KeyingMaterial = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, length);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(PlainBouncyCastleClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner.ServerCertificateDer = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(owner.m_context), (BcTlsCrypto)owner.Crypto,
                owner._certificate.PrivateKey, owner._certificate.Chain,
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Runs the handshake on its own thread against a server engine, this thread feeding the engine.</summary>
    public static async Task<(PlainBouncyCastleClient Client, DtlsTransport? Transport, Exception? Error)> ConnectAsync(
        PlainBouncyCastleClient client, IDtlsEngine server)
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
        server.TransmitReady += Drain;
        var transport = new Transport(inbound, server);
        try
        {
            var connected = await Task.Run(() => new DtlsClientProtocol().Connect(client, transport));
            return (client, connected, null);
        }
#pragma warning disable CA1031 // the test inspects the error
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (client, null, e);
        }
        finally
        {
            server.TransmitReady -= Drain;
        }
    }

    private sealed class Transport(BlockingCollection<byte[]> inbound, IDtlsEngine server) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis)
        {
            if (!inbound.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis)) return -1;
            datagram.CopyTo(buf, off);
            return datagram.Length;
        }

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!inbound.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis)) return -1;
            datagram.CopyTo(buffer);
            return datagram.Length;
        }

        public void Send(byte[] buf, int off, int len) => server.HandleDatagram(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => server.HandleDatagram(buffer);

        public void Close()
        {
        }
    }
}
