using System.Text.Json.Nodes;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>
/// The captured Chromium sessions: the negotiated model of their offer/answer matches what the capture
/// recorded (extension map, payload types, ICE credentials, fingerprint), and the server's own answer to the
/// same offer would have covered every SSRC, payload type, mid and rid that actually arrived.
/// </summary>
public class SdpCaptureTests
{
    public static TheoryData<string> Captures => SdpTestData.Names(Fixtures.Files("capture", "*.json"));

    private static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(Fixtures.Path(name)))!.AsObject();

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_offer_and_answer_negotiate_what_the_capture_recorded(string name)
    {
        var json = Load(name);
        var offer = SdpTestData.Parse(json["sdp_offer"]!.GetValue<string>());
        var answer = SdpTestData.Parse(json["sdp_answer"]!.GetValue<string>());
        Assert.Equal(File.ReadAllText(Fixtures.Path(name.Replace(".json", ".offer.sdp", StringComparison.Ordinal))), offer.ToString());
        Assert.True(NegotiatedMedia.TryCreate(offer, answer, localIsOfferer: false, out var negotiated, out var error), error?.ToString());

        var extmap = json["negotiated_extmap"]!.AsObject().ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value!.GetValue<string>());
        Assert.Equal(extmap.OrderBy(kv => kv.Key), negotiated.HeaderExtensions.OrderBy(kv => kv.Key));

        var payloadTypes = json["negotiated_payload_types"]!.AsObject().ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value!.GetValue<string>());
        var modelled = negotiated.Sections.SelectMany(s => s.Codecs).ToDictionary(c => (int)c.PayloadType, c => c.RtpmapValue);
        Assert.Equal(payloadTypes.OrderBy(kv => kv.Key), modelled.OrderBy(kv => kv.Key));

        var ice = json["ice"]!;
        Assert.Equal(ice["client_ufrag"]!.GetValue<string>(), negotiated.RemoteIceUfrag);
        Assert.Equal(ice["client_pwd"]!.GetValue<string>(), negotiated.RemoteIcePwd);
        Assert.Equal(ice["server_ufrag"]!.GetValue<string>(), negotiated.Local.Sections[0].IceUfrag);
        Assert.Equal("sha-256 " + json["dtls"]!["client_fingerprint_sha256_from_offer"]!.GetValue<string>(), negotiated.RemoteFingerprints[0].ToString());
        Assert.Equal(DtlsSetup.Passive, negotiated.LocalSetup);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void The_servers_own_answer_covers_every_stream_that_arrived(string name)
    {
        var json = Load(name);
        var offer = SdpTestData.Parse(json["sdp_offer"]!.GetValue<string>());
        Assert.True(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(offer, out _, out var negotiated, out var error), error?.ToString());

        // The ids the capture saw on the wire are the ones this answer would negotiate.
        var extmap = json["negotiated_extmap"]!.AsObject();
        foreach (var (id, uri) in extmap)
            Assert.Equal(uri!.GetValue<string>(), negotiated.HeaderExtensions[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)]);

        var seen = json["fixture_info"]!["ssrcs_seen"]!.AsObject();
        Assert.NotEmpty(seen);
        foreach (var (ssrc, info) in seen)
        {
            var mid = info!["mid"]!.GetValue<string>();
            var pt = info["pt"]!.GetValue<int>();
            var section = negotiated.FindSection(mid);
            Assert.NotNull(section);
            Assert.False(section.IsRejected);
            var codec = section.FindCodec(pt);
            Assert.NotNull(codec);
            Assert.Equal(info["codec"]!.GetValue<string>(), codec.RtpmapValue);
            var rid = info["rid"]?.GetValue<string>() ?? info["repaired_rid"]?.GetValue<string>();
            if (rid is not null) Assert.Contains(section.Rids, r => r.Id == rid && r.Direction == RidDirection.Send);
            // Without a=ssrc lines (simulcast) the SSRC is learned from mid/rid; otherwise it was signalled.
            if (section.Simulcast is null)
                Assert.Contains(section.Ssrcs, s => s.Ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture) == ssrc);
        }
    }
}
