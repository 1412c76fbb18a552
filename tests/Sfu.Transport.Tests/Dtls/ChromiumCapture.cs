using System.Text.Json;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>Reads the DTLS parts of a real Chromium 156 capture (fixtures/capture/*.json).</summary>
internal sealed class ChromiumCapture
{
    private ChromiumCapture(string name, byte[][] clientHello, byte[][] clientToServer, DtlsFingerprint clientFingerprint,
        byte[] clientCertificate, byte[] keyingMaterial, int profileId)
    {
        Name = name;
        ClientHelloDatagrams = clientHello;
        ClientToServerDatagrams = clientToServer;
        ClientFingerprint = clientFingerprint;
        ClientCertificateDer = clientCertificate;
        KeyingMaterial = keyingMaterial;
        ProfileId = profileId;
    }

    public string Name { get; }

    /// <summary><c>dtls_client_hello_datagrams</c>: the 2 datagrams carrying the fragmented ClientHello.</summary>
    public byte[][] ClientHelloDatagrams { get; }

    /// <summary>Every c2s datagram of <c>dtls_datagrams</c>.</summary>
    public byte[][] ClientToServerDatagrams { get; }

    /// <summary>The offer's a=fingerprint (Chromium's certificate).</summary>
    public DtlsFingerprint ClientFingerprint { get; }

    public byte[] ClientCertificateDer { get; }

    public byte[] KeyingMaterial { get; }

    public int ProfileId { get; }

    public static IEnumerable<string> All() => Fixtures.Files("capture", "*.json").Select(Path.GetFileName)!;

    public static ChromiumCapture Load(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("capture/" + fileName)));
        var root = document.RootElement;
        var hello = root.GetProperty("dtls_client_hello_datagrams").EnumerateArray()
            .Select(d => Convert.FromHexString(d.GetProperty("hex").GetString()!)).ToArray();
        var c2s = root.GetProperty("dtls_datagrams").EnumerateArray()
            .Where(d => d.GetProperty("dir").GetString() == "c2s")
            .Select(d => Convert.FromHexString(d.GetProperty("hex").GetString()!)).ToArray();
        var dtls = root.GetProperty("dtls");
        Assert.True(DtlsFingerprint.TryParse("sha-256 " + dtls.GetProperty("client_fingerprint_sha256_from_offer").GetString(), out var fingerprint));
        var srtp = root.GetProperty("srtp");
        return new ChromiumCapture(fileName, hello, c2s, fingerprint!,
            Convert.FromHexString(dtls.GetProperty("client_certificate_der").GetString()!),
            Convert.FromHexString(srtp.GetProperty("keying_material_hex").GetString()!),
            srtp.GetProperty("profile_id").GetInt32());
    }
}
