using System.Text.Json.Nodes;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>
/// The answers and offers the server writes are accepted by a real, headless Chromium 156: the description
/// applies, and each transceiver ends with the direction and the codecs the server meant.
/// </summary>
public class ChromiumSdpAcceptanceTests(ChromiumSdpPeer chromium) : IClassFixture<ChromiumSdpPeer>
{
    private static int s_id;

    private static string NextId(string prefix) => prefix + Interlocked.Increment(ref s_id);

    private (SessionDescription Answer, NegotiatedMedia Negotiated, JsonObject Reply) AnswerChromium(string scenario, SdpAnswerOptions options)
    {
        var id = NextId(scenario);
        var offer = SdpTestData.Parse(chromium.Offer(id, scenario));
        Assert.True(new SdpAnswerer(options).TryCreateAnswer(offer, out var answer, out var negotiated, out var error), error?.ToString());
        var reply = chromium.ApplyAnswer(id, answer.ToString());
        Assert.True(reply["ok"]!.GetValue<bool>(), reply["error"] + "\n" + answer);
        Assert.Equal("stable", reply["signalingState"]!.GetValue<string>());
        return (answer, negotiated, reply);
    }

    [Fact]
    public void Chromium_accepts_the_answer_to_its_audio_video_offer_and_sends_opus_and_vp8_with_rtx()
    {
        var (_, _, reply) = AnswerChromium("plain", SdpTestData.AnswerOptions());
        var audio = ChromiumSdpPeer.Transceiver(reply, "0");
        var video = ChromiumSdpPeer.Transceiver(reply, "1");
        Assert.Equal("sendonly", audio["currentDirection"]!.GetValue<string>());
        Assert.Equal("sendonly", video["currentDirection"]!.GetValue<string>());
        Assert.Equal(["audio/opus"], ChromiumSdpPeer.MimeTypes(audio, "sendCodecs"));
        var videoCodecs = ChromiumSdpPeer.MimeTypes(video, "sendCodecs");
        Assert.Equal("video/VP8", videoCodecs[0]);
        Assert.Contains("video/rtx", videoCodecs);
        Assert.DoesNotContain("video/red", videoCodecs);
        Assert.DoesNotContain("video/ulpfec", videoCodecs);
    }

    [Fact]
    public void Chromium_keeps_three_simulcast_layers_after_the_answer()
    {
        var (answer, negotiated, reply) = AnswerChromium("simulcast", SdpTestData.AnswerOptions());
        Assert.Equal("recv q;h;f", answer.Sections[0].Simulcast!.ToString());
        Assert.Equal(["q", "h", "f"], negotiated.Sections[0].Rids.Select(r => r.Id));
        var video = ChromiumSdpPeer.Transceiver(reply, "0");
        Assert.Equal("sendonly", video["currentDirection"]!.GetValue<string>());
        Assert.Equal(["q", "h", "f"], video["sendEncodings"]!.AsArray().Select(e => e!["rid"]!.GetValue<string>()));
    }

    [Fact]
    public void Chromium_accepts_the_answer_to_a_data_channel_only_offer()
    {
        var (answer, negotiated, reply) = AnswerChromium("data", SdpTestData.AnswerOptions());
        Assert.True(reply["sctp"]!.GetValue<bool>());
        Assert.Equal(5000, negotiated.DataChannel!.SctpPort);
        Assert.Equal(5000, answer.Sections[0].SctpPort);
    }

    [Fact]
    public void Chromium_receives_server_tracks_on_its_recvonly_sections_with_the_signalled_stream()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            Candidates = [SdpTestData.ServerCandidate],
            SendTracks = new Dictionary<string, OutgoingTrack>
            {
                ["0"] = new(MediaKind.Audio, "PA_alice|TR_mic", "TR_mic", 1111, null, "sfu"),
                ["1"] = new(MediaKind.Video, "PA_alice|TR_cam", "TR_cam", 2222, 3333, "sfu"),
            },
        };
        var (answer, _, reply) = AnswerChromium("recvonly", options);
        Assert.Equal(MediaDirection.SendOnly, answer.Sections[1].Direction);
        Assert.Equal(3333u, answer.Sections[1].FindRtxSsrc(2222));
        var video = ChromiumSdpPeer.Transceiver(reply, "1");
        Assert.Equal("recvonly", video["currentDirection"]!.GetValue<string>());
        Assert.Equal("video/VP8", ChromiumSdpPeer.MimeTypes(video, "recvCodecs")[0]);
        var tracks = reply["tracks"]!.AsArray().Select(t => (t!["mid"]!.GetValue<string>(), t["streams"]!.AsArray().Single()!.GetValue<string>())).ToList();
        Assert.Contains(("0", "PA_alice|TR_mic"), tracks);
        Assert.Contains(("1", "PA_alice|TR_cam"), tracks);
    }

    [Fact]
    public void Chromium_accepts_the_answer_to_a_livekit_style_single_pc_offer()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            SendTracks = new Dictionary<string, OutgoingTrack> { ["3"] = new(MediaKind.Video, "PA_bob|TR_v", "TR_v", 4444, 5555, "sfu") },
        };
        var (_, negotiated, reply) = AnswerChromium("livekit", options);
        Assert.Equal("inactive", ChromiumSdpPeer.Transceiver(reply, "0")["currentDirection"]!.GetValue<string>());
        Assert.Equal("recvonly", ChromiumSdpPeer.Transceiver(reply, "3")["currentDirection"]!.GetValue<string>());
        // In a fresh connection Chromium puts the data section last: mic is mid 6, camera 7, data 8.
        Assert.Equal("sendonly", ChromiumSdpPeer.Transceiver(reply, "6")["currentDirection"]!.GetValue<string>());
        var cam = ChromiumSdpPeer.Transceiver(reply, "7");
        Assert.Equal("sendonly", cam["currentDirection"]!.GetValue<string>());
        Assert.Equal(3, cam["sendEncodings"]!.AsArray().Count);
        Assert.True(reply["sctp"]!.GetValue<bool>());
        Assert.Equal(9, negotiated.BundleMids.Count);
        Assert.Equal("8", negotiated.DataChannel!.Mid);
    }

    [Theory]
    [InlineData(CodecNames.H264, "video/H264")]
    [InlineData(CodecNames.Vp9, "video/VP9")]
    [InlineData(CodecNames.Av1, "video/AV1")]
    [InlineData(CodecNames.Vp8, "video/VP8")]
    public void Chromium_sends_the_video_codec_the_server_prefers(string preferred, string mime)
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            VideoCodecPreference = [preferred],
        };
        var (_, _, reply) = AnswerChromium("plain", options);
        var codecs = ChromiumSdpPeer.MimeTypes(ChromiumSdpPeer.Transceiver(reply, "1"), "sendCodecs");
        Assert.Equal(mime, codecs[0]);
        Assert.All(codecs, c => Assert.Contains(c, new[] { mime, "video/rtx" }));
    }

    [Fact]
    public void Chromium_sends_red_only_when_the_server_keeps_it()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            AudioRed = true,
        };
        var (_, _, reply) = AnswerChromium("plain", options);
        Assert.Equal(["audio/red", "audio/opus"], ChromiumSdpPeer.MimeTypes(ChromiumSdpPeer.Transceiver(reply, "0"), "sendCodecs"));
    }

    [Fact]
    public void Chromium_accepts_an_active_setup_answer()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            SetupRole = DtlsSetup.Active,
        };
        var (answer, negotiated, _) = AnswerChromium("plain", options);
        Assert.Equal(DtlsSetup.Active, answer.Sections[0].Setup);
        Assert.Equal(DtlsSetup.Active, negotiated.LocalSetup);
    }

    [Fact]
    public void Chromium_accepts_server_offers_and_reuses_sections_when_tracks_change()
    {
        var builder = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Audio, "PA_a|TR_1", "TR_1", 10, null, "sfu"), out var audioMid, out _));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "PA_a|TR_2", "TR_2", 20, 21, "sfu", CodecNames.Vp8), out var vp8Mid, out _));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "PA_b|TR_3", "TR_3", 30, 31, "sfu", CodecNames.H264), out var h264Mid, out _));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "PA_b|TR_4", "TR_4", 40, 41, "sfu", CodecNames.Vp9), out var vp9Mid, out _));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "PA_b|TR_5", "TR_5", 50, 51, "sfu", CodecNames.Av1), out var av1Mid, out _));
        var id = NextId("server-offer");
        var offer = builder.CreateOffer();
        var reply = chromium.ApplyOffer(id, offer.ToString());
        Assert.True(reply["ok"]!.GetValue<bool>(), reply["error"] + "\n" + offer);
        Assert.True(reply["sctp"]!.GetValue<bool>());
        foreach (var (mid, mime) in new[] { (audioMid, "audio/opus"), (vp8Mid, "video/VP8"), (h264Mid, "video/H264"), (vp9Mid, "video/VP9"), (av1Mid, "video/AV1") })
        {
            var t = ChromiumSdpPeer.Transceiver(reply, mid);
            Assert.Equal("recvonly", t["currentDirection"]!.GetValue<string>());
            Assert.Equal(mime, ChromiumSdpPeer.MimeTypes(t, "recvCodecs")[0]);
        }
        var tracks = reply["tracks"]!.AsArray().Select(t => t!["streams"]!.AsArray().Single()!.GetValue<string>()).ToList();
        Assert.Equal(["PA_a|TR_1", "PA_a|TR_2", "PA_b|TR_3", "PA_b|TR_4", "PA_b|TR_5"], tracks);

        // Chromium's answer is one this server understands, and the pair negotiates.
        var chromiumAnswer = SdpTestData.Parse(reply["answer"]!.GetValue<string>());
        Assert.True(NegotiatedMedia.TryCreate(offer, chromiumAnswer, localIsOfferer: true, out var negotiated, out var error), error?.ToString());
        Assert.Equal(DtlsSetup.Passive, negotiated.LocalSetup);
        Assert.Equal(6, negotiated.BundleMids.Count);
        Assert.Equal(MediaDirection.SendOnly, negotiated.FindSection(vp8Mid)!.Direction);
        Assert.Equal((byte)96, negotiated.FindSection(vp8Mid)!.RtxMap[97]);

        // Stop one video track, start another: the freed section is reused, and Chromium takes the re-offer.
        Assert.True(builder.RemoveTrack("TR_2"));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "PA_c|TR_6", "TR_6", 60, 61, "sfu", CodecNames.Vp8), out var reusedMid, out _));
        Assert.Equal(vp8Mid, reusedMid);
        Assert.True(builder.RemoveTrack("TR_3"));
        var offer2 = builder.CreateOffer();
        Assert.Equal(offer.Sections.Count, offer2.Sections.Count);
        var reply2 = chromium.ApplyOffer(id, offer2.ToString());
        Assert.True(reply2["ok"]!.GetValue<bool>(), reply2["error"] + "\n" + offer2);
        Assert.Equal("inactive", ChromiumSdpPeer.Transceiver(reply2, h264Mid)["currentDirection"]!.GetValue<string>());
        Assert.Equal("recvonly", ChromiumSdpPeer.Transceiver(reply2, reusedMid)["currentDirection"]!.GetValue<string>());
        Assert.Contains(reply2["tracks"]!.AsArray(), t => t!["mid"]!.GetValue<string>() == reusedMid && t["streams"]!.AsArray().Single()!.GetValue<string>() == "PA_c|TR_6");
    }

    [Fact]
    public void Chromium_accepts_a_server_offer_with_red_and_goog_remb()
    {
        var options = new SdpOfferOptions
        {
            IceUfrag = "SubUfrag",
            IcePwd = "SubPasswordSubPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            AudioRed = true,
            GoogRemb = true,
            VideoRtx = false,
        };
        var builder = new SdpOfferBuilder(options);
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Audio, "s", "a", 1, null, "c"), out var audioMid, out _));
        Assert.True(builder.TryAddTrack(new OutgoingTrack(MediaKind.Video, "s", "v", 2, null, "c"), out var videoMid, out _));
        var offer = builder.CreateOffer();
        var reply = chromium.ApplyOffer(NextId("server-offer-red"), offer.ToString());
        Assert.True(reply["ok"]!.GetValue<bool>(), reply["error"] + "\n" + offer);
        Assert.Equal(["audio/red", "audio/opus"], ChromiumSdpPeer.MimeTypes(ChromiumSdpPeer.Transceiver(reply, audioMid), "recvCodecs"));
        Assert.DoesNotContain("video/rtx", ChromiumSdpPeer.MimeTypes(ChromiumSdpPeer.Transceiver(reply, videoMid), "recvCodecs"));
    }
}
