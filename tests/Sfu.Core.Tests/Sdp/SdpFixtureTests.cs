using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>Every real description from browsers and SDKs parses, models what it says, and writes back unchanged.</summary>
public class SdpFixtureTests
{
    public static TheoryData<string> AllFixtures => SdpTestData.Names(SdpTestData.AllFixtureFiles());

    [Fact]
    public void Fixture_folders_hold_the_expected_descriptions()
    {
        Assert.True(SdpTestData.AllFixtureFiles().Count() >= 16);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Every_fixture_parses_and_writes_back_byte_for_byte(string name)
    {
        var text = SdpTestData.Read(name);
        var d = SdpTestData.Parse(text);
        Assert.Equal(text, d.ToString());
        Assert.Equal(d.Media.Count, d.Sections.Count);
        Assert.NotEmpty(d.Sections);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Written_description_reparses_to_an_equivalent_model(string name)
    {
        var d = SdpTestData.ParseFixture(name);
        var again = SdpTestData.Parse(d.ToString());
        Assert.Equal(d.Sections.Count, again.Sections.Count);
        for (var i = 0; i < d.Sections.Count; i++)
        {
            var a = d.Sections[i];
            var b = again.Sections[i];
            Assert.Equal(a.Mid, b.Mid);
            Assert.Equal(a.Kind, b.Kind);
            Assert.Equal(a.Direction, b.Direction);
            Assert.Equal(a.Codecs.Select(c => (c.PayloadType, c.Name, c.ClockRate, c.Channels, c.Fmtp, string.Join(",", c.RtcpFeedback))),
                         b.Codecs.Select(c => (c.PayloadType, c.Name, c.ClockRate, c.Channels, c.Fmtp, string.Join(",", c.RtcpFeedback))));
            Assert.Equal(a.RtxMap.OrderBy(x => x.Key), b.RtxMap.OrderBy(x => x.Key));
            Assert.Equal(a.HeaderExtensions, b.HeaderExtensions);
            Assert.Equal(a.Rids, b.Rids);
            Assert.Equal(a.Simulcast?.ToString(), b.Simulcast?.ToString());
            Assert.Equal(a.Ssrcs.Select(s => (s.Ssrc, s.Cname, s.MsidStream, s.MsidTrack)), b.Ssrcs.Select(s => (s.Ssrc, s.Cname, s.MsidStream, s.MsidTrack)));
            Assert.Equal(a.SsrcGroups.Select(g => g.ToString()), b.SsrcGroups.Select(g => g.ToString()));
            Assert.Equal(a.Msids, b.Msids);
            Assert.Equal(a.Candidates, b.Candidates, new CandidateComparer());
            Assert.Equal(a.Fingerprints, b.Fingerprints);
            Assert.Equal(a.Setup, b.Setup);
        }
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Lf_only_line_endings_give_the_same_model(string name)
    {
        var crlf = SdpTestData.ParseFixture(name);
        var lf = SdpTestData.Parse(SdpTestData.Read(name).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(crlf.ToString(), lf.ToString());
    }

    [Fact]
    public void Chromium_audio_video_offer_is_modelled()
    {
        var d = SdpTestData.ParseFixture("sdp/chromium-audio-video.sdp");
        Assert.Equal(["0", "1"], d.BundleGroup!.Mids);
        Assert.True(d.ExtmapAllowMixed);
        Assert.False(d.IceLite);

        var audio = d.Sections[0];
        Assert.Equal(("0", MediaKind.Audio, MediaDirection.SendRecv), (audio.Mid, audio.Kind, audio.Direction));
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Codecs.Select(c => (int)c.PayloadType));
        var opus = audio.FindCodec(111)!;
        Assert.Equal(("opus", 48000, 2, "minptime=10;useinbandfec=1"), (opus.Name, opus.ClockRate, opus.Channels, opus.Fmtp));
        Assert.Equal([RtcpFeedback.TransportCc], opus.RtcpFeedback);
        Assert.Equal((byte)63, audio.RedPayloadType);
        Assert.Equal(("PCMU", 8000), (audio.FindCodec(0)!.Name, audio.FindCodec(0)!.ClockRate));
        Assert.True(audio.TryGetExtensionId(HeaderExtensionUris.AudioLevel, out var level) && level == 1);
        Assert.True(audio.TryGetExtensionId(HeaderExtensionUris.Mid, out var mid) && mid == 4);
        Assert.Equal(new Msid("dca26ec4-baeb-4f4b-97f6-6b9de119c906", "f213d725-641d-4494-b0e9-8ae2f5c0280f"), audio.Msid);
        var ssrc = Assert.Single(audio.Ssrcs);
        Assert.Equal((942241565u, "b/f9SApCyMZZ0Ywu", "dca26ec4-baeb-4f4b-97f6-6b9de119c906"), (ssrc.Ssrc, ssrc.Cname, ssrc.MsidStream));
        Assert.Equal(("iCve", "wkAEY9lVWQbY+JD/N0meDQSt", DtlsSetup.ActPass), (audio.IceUfrag, audio.IcePwd, audio.Setup));
        Assert.Equal("sha-256", audio.Fingerprints[0].Algorithm);
        Assert.Equal(0xEB, audio.Fingerprints[0].Hash[0]);
        Assert.True(audio.RtcpMux && audio.RtcpReducedSize);
        Assert.Equal(["trickle"], audio.IceOptions);

        var video = d.Sections[1];
        Assert.Equal(23, video.Codecs.Count);
        var vp8 = video.FindCodec(96)!;
        Assert.Equal([RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli], vp8.RtcpFeedback);
        Assert.Equal((byte)96, video.RtxMap[97]);
        Assert.Equal((byte)45, video.RtxMap[46]);
        Assert.Equal((byte)118, video.RtxMap[119]);
        Assert.Equal(11, video.RtxMap.Count);
        Assert.Equal((byte)118, video.RedPayloadType);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal(SsrcGroup.Fid, fid.Semantics);
        Assert.Equal([121679942u, 2394317962u], fid.Ssrcs);
        Assert.Equal(2394317962u, video.FindRtxSsrc(121679942));
        Assert.Equal(2, video.Ssrcs.Count);
        Assert.True(video.TryGetExtensionId(HeaderExtensionUris.RtpStreamId, out var rid) && rid == 10);
        Assert.Equal(HeaderExtensionUris.TransmissionOffset, video.GetExtensionUri(14));
    }

    [Fact]
    public void Chromium_simulcast_offer_has_rids_and_no_ssrcs()
    {
        var d = SdpTestData.ParseFixture("sdp/chromium-simulcast.sdp");
        var video = d.Sections[0];
        Assert.Equal((MediaKind.Video, MediaDirection.SendOnly), (video.Kind, video.Direction));
        Assert.Equal([new RidDescription("q", RidDirection.Send), new RidDescription("h", RidDirection.Send), new RidDescription("f", RidDirection.Send)], video.Rids);
        Assert.Equal("send q;h;f", video.Simulcast!.ToString());
        Assert.Equal(3, video.Simulcast.Send.Count);
        Assert.Empty(video.Simulcast.Receive);
        Assert.Empty(video.Ssrcs);
        Assert.True(video.TryGetExtensionId(HeaderExtensionUris.Mid, out var mid) && mid == 9);
        Assert.True(video.TryGetExtensionId(HeaderExtensionUris.DependencyDescriptor, out var dd) && dd == 13);
        Assert.Equal((MediaKind.Audio, "1"), (d.Sections[1].Kind, d.Sections[1].Mid));
        Assert.True(d.Sections[1].TryGetExtensionId(HeaderExtensionUris.AudioLevel, out var level) && level == 12);
    }

    [Fact]
    public void Chromium_recvonly_offer_keeps_all_34_video_payload_types_including_35_to_49()
    {
        var d = SdpTestData.ParseFixture("sdp/chromium-recvonly.sdp");
        var video = d.Sections[1];
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal(34, video.Codecs.Count);
        Assert.Equal(Enumerable.Range(35, 15).Select(i => (byte)i), video.Codecs.Select(c => c.PayloadType).Where(p => p < 64).Order());
        Assert.Equal("flexfec-03", video.FindCodec(49)!.Name);
        Assert.Equal("profile-id=1", video.FindCodec(35)!.Fmtp);
        Assert.Equal((byte)35, video.RtxMap[36]);
        Assert.Null(video.Msid);
        Assert.Empty(video.Ssrcs);
        Assert.Equal(MediaDirection.RecvOnly, d.Sections[0].Direction);
    }

    [Fact]
    public void Chromium_data_channel_only_offer_is_one_application_section()
    {
        var d = SdpTestData.ParseFixture("sdp/chromium-datachannel-only.sdp");
        var s = Assert.Single(d.Sections);
        Assert.Equal((MediaKind.Application, "UDP/DTLS/SCTP", 5000, 262144L), (s.Kind, s.Protocol, s.SctpPort!.Value, s.MaxMessageSize!.Value));
        Assert.Equal(["webrtc-datachannel"], s.Description.Formats);
        Assert.Empty(s.Codecs);
    }

    [Fact]
    public void Chromium_answer_to_actpass_is_active()
    {
        var d = SdpTestData.ParseFixture("sdp/chromium-answer-to-actpass.sdp");
        Assert.All(d.Sections, s => Assert.Equal(DtlsSetup.Active, s.Setup));
        Assert.Equal((byte)39, d.Sections[1].RtxMap[40]);
    }

    [Fact]
    public void Werift_offer_with_capital_opus_and_gathered_candidates_is_modelled()
    {
        var d = SdpTestData.ParseFixture("sdp/werift-audio-video-gathered.sdp");
        Assert.Equal("WMS *", d.GetAttribute("msid-semantic"));
        var audio = d.Sections[0];
        Assert.Equal("OPUS", audio.FindCodec(96)!.Name);
        Assert.True(CodecNames.AreEqual(audio.FindCodec(96)!.Name, CodecNames.Opus));
        Assert.Equal(2, audio.Candidates.Count);
        var c = audio.Candidates[1];
        Assert.Equal(("32b1715da3b0ef8ba684454eb", 1, "udp", 2116026367u, "192.0.2.2", 47147, "host"), (c.Foundation, c.Component, c.Transport, c.Priority, c.Address, c.Port, c.Type));
        Assert.Equal([new KeyValuePair<string, string>("generation", "0"), new KeyValuePair<string, string>("ufrag", "7379")], c.Extensions!);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal("4061fb2805387032ac7d4a", audio.IcePwd);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.GoogRemb], d.Sections[1].FindCodec(98)!.RtcpFeedback);
        Assert.Empty(d.Sections[1].HeaderExtensions);
    }

    [Fact]
    public void Livekit_publisher_offer_with_recvonly_sections_first_is_modelled()
    {
        var d = SdpTestData.ParseFixture("sdp/livekit-client-publisher.sdp");
        Assert.Equal("  WMS", d.GetAttribute("msid-semantic"));
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), d.BundleGroup!.Mids);
        Assert.Equal(9, d.Sections.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(MediaDirection.RecvOnly, d.Sections[i].Direction);
            Assert.Equal(i < 3 ? MediaKind.Audio : MediaKind.Video, d.Sections[i].Kind);
        }
        Assert.Equal(60077, d.Sections[0].Port);
        Assert.Contains(d.Sections[0].Candidates, c => c.Address == "fd00::2");
        Assert.Equal(MediaKind.Application, d.FindSection("6")!.Kind);
        var mic = d.FindSection("7")!;
        Assert.Equal((MediaKind.Audio, MediaDirection.SendOnly), (mic.Kind, mic.Direction));
        Assert.Equal("minptime=10;useinbandfec=1;stereo=1", mic.FindCodec(111)!.Fmtp);
        Assert.Equal("5d5df784-7597-4f13-91ca-46202a7fd3f6", mic.Msid!.TrackId);
        var cam = d.FindSection("8")!;
        Assert.Equal("send q;h;f", cam.Simulcast!.ToString());
        Assert.Equal("x-google-start-bitrate=1000", cam.FindCodec(96)!.Fmtp);
        Assert.True(cam.TryGetExtensionId(HeaderExtensionUris.VideoLayersAllocation, out var vla) && vla == 9);
    }

    [Fact]
    public void Capture_answer_is_ice_lite_and_passive()
    {
        var d = SdpTestData.ParseFixture("capture/chromium-simulcast-aead-aes-128-gcm.answer.sdp");
        Assert.True(d.IceLite);
        var video = d.Sections[0];
        Assert.Equal((DtlsSetup.Passive, MediaDirection.RecvOnly), (video.Setup, video.Direction));
        Assert.Equal("recv q;h;f", video.Simulcast!.ToString());
        Assert.Equal(18443, Assert.Single(video.Candidates).Port);
    }

    private sealed class CandidateComparer : IEqualityComparer<IceCandidate>
    {
        public bool Equals(IceCandidate? x, IceCandidate? y) => x?.ToString() == y?.ToString();
        public int GetHashCode(IceCandidate obj) => obj.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
