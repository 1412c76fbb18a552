using System.Text.Json;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>One Chromium capture (shared/fixtures/capture/*.json) as the SRTP tests need it.</summary>
internal sealed class CaptureFixture
{
    public required string Name { get; init; }
    public required SrtpProfile Profile { get; init; }
    public required byte[] KeyingMaterial { get; init; }
    public required byte[] ClientMasterKey { get; init; }
    public required byte[] ClientMasterSalt { get; init; }
    public required byte[] ServerMasterKey { get; init; }
    public required byte[] ServerMasterSalt { get; init; }
    public required Dictionary<string, byte[]> ClientSessionKeys { get; init; }
    public required List<CapturedSrtp> Srtp { get; init; }
    public required List<CapturedSrtcp> Srtcp { get; init; }

    private static readonly Dictionary<string, CaptureFixture> s_cache = [];

    public static string[] FileNames() => Fixtures.Files("capture", "*.json").Select(Path.GetFileName).ToArray()!;

    public static CaptureFixture Load(string fileName)
    {
        lock (s_cache)
        {
            if (s_cache.TryGetValue(fileName, out var cached)) return cached;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("capture/" + fileName)));
            var root = doc.RootElement;
            var srtp = root.GetProperty("srtp");
            var keys = srtp.GetProperty("client_session_keys_kdr0").EnumerateObject()
                .ToDictionary(p => p.Name, p => Convert.FromHexString(p.Value.GetString()!));
            var fixture = new CaptureFixture
            {
                Name = fileName,
                Profile = (SrtpProfile)srtp.GetProperty("profile_id").GetInt32(),
                KeyingMaterial = Hex(srtp, "keying_material_hex"),
                ClientMasterKey = Hex(srtp, "client_master_key"),
                ClientMasterSalt = Hex(srtp, "client_master_salt"),
                ServerMasterKey = Hex(srtp, "server_master_key"),
                ServerMasterSalt = Hex(srtp, "server_master_salt"),
                ClientSessionKeys = keys,
                Srtp = root.GetProperty("srtp_packets").EnumerateArray().Select(p => new CapturedSrtp(
                    Hex(p, "hex"), p.GetProperty("plain_sha256").GetString()!, p.GetProperty("ssrc").GetUInt32(),
                    p.GetProperty("seq").GetUInt16(), p.GetProperty("roc").GetUInt32())).ToList(),
                Srtcp = root.GetProperty("srtcp_packets").EnumerateArray().Select(p => new CapturedSrtcp(
                    Hex(p, "hex"), Hex(p, "plain_hex"), p.GetProperty("sender_ssrc").GetUInt32(),
                    p.GetProperty("srtcp_index").GetUInt32(), p.GetProperty("e_flag").GetBoolean())).ToList(),
            };
            s_cache[fileName] = fixture;
            return fixture;
        }
    }

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);
}

internal sealed record CapturedSrtp(byte[] Packet, string PlainSha256, uint Ssrc, ushort Seq, uint Roc);

internal sealed record CapturedSrtcp(byte[] Packet, byte[] Plain, uint SenderSsrc, uint Index, bool Encrypted);
