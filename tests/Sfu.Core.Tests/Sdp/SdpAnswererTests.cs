using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>The server's answers to every real offer: what is accepted, rejected, and how it is written.</summary>
public class SdpAnswererTests
{
    public static TheoryData<string> Offers => SdpTestData.Names(SdpTestData.OfferFiles());

    private static (SessionDescription Offer, SessionDescription Answer, NegotiatedMedia Negotiated) Answer(string offerText, SdpAnswerOptions? options = null)
    {
        var offer = SdpTestData.Parse(offerText);
        Assert.True(new SdpAnswerer(options ?? SdpTestData.AnswerOptions()).TryCreateAnswer(offer, out var answer, out var negotiated, out var error), error?.ToString());
        return (offer, answer, negotiated);
    }

    [Theory]
    [MemberData(nameof(Offers))]
    public void Every_offer_fixture_gets_an_ice_lite_passive_bundled_answer(string name)
    {
        var (offer, answer, negotiated) = Answer(SdpTestData.Read(name));
        var text = answer.ToString();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("x-google", text, StringComparison.Ordinal);
        Assert.True(answer.IceLite);
        Assert.Equal(offer.Sections.Count, answer.Sections.Count);
        var accepted = answer.Sections.Where(s => !s.IsRejected).ToList();
        Assert.NotEmpty(accepted);
        Assert.Equal(accepted.Select(s => s.Mid), answer.BundleGroup!.Mids);
        foreach (var s in accepted)
        {
            var o = offer.Sections[s.Index];
            Assert.Equal(o.Mid, s.Mid);
            Assert.Equal(DtlsSetup.Passive, s.Setup);
            Assert.Equal(("SfuUfrag", "SfuPasswordSfuPassword24"), (s.IceUfrag, s.IcePwd));
            Assert.Equal(SdpTestData.ServerFingerprint, Assert.Single(s.Fingerprints));
            Assert.Equal(SdpTestData.ServerCandidate.ToString(), Assert.Single(s.Candidates).ToString());
            Assert.True(s.EndOfCandidates);
            if (s.Kind == MediaKind.Application) continue;
            Assert.True(s.RtcpMux);
            // Payload types and extension ids are the offer's own numbers.
            foreach (var c in s.Codecs)
            {
                var offered = o.FindCodec(c.PayloadType);
                Assert.NotNull(offered);
                Assert.Equal((offered.Name, offered.ClockRate), (c.Name, c.ClockRate));
                // Every answered fmtp parameter is one the offer had (x-google hints are dropped).
                foreach (var p in (c.Fmtp ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
                    Assert.Contains(p, offered.Fmtp!.Split(';'));
                Assert.All(c.RtcpFeedback, fb => Assert.Contains(fb, offered.RtcpFeedback));
            }
            foreach (var e in s.HeaderExtensions) Assert.Equal(e.Uri, o.GetExtensionUri(e.Id));
            foreach (var (rtx, apt) in s.RtxMap) Assert.NotNull(s.FindCodec(apt));
        }
        Assert.Equal(offer.Sections[0].IceUfrag, negotiated.RemoteIceUfrag);
        Assert.Equal(offer.Sections[0].Fingerprints[0], negotiated.RemoteFingerprints[0]);
        Assert.Equal(DtlsSetup.Passive, negotiated.LocalSetup);
    }

    [Theory]
    [MemberData(nameof(Offers))]
    public void Audio_is_opus_only_and_video_is_a_forwardable_codec_with_its_rtx(string name)
    {
        var (_, answer, _) = Answer(SdpTestData.Read(name));
        foreach (var s in answer.Sections.Where(s => !s.IsRejected))
        {
            if (s.Kind == MediaKind.Audio)
            {
                var c = Assert.Single(s.Codecs);
                Assert.True(CodecNames.AreEqual(CodecNames.Opus, c.Name));
                Assert.Null(s.RedPayloadType);
            }
            else if (s.Kind == MediaKind.Video)
            {
                Assert.All(s.Codecs, c => Assert.Contains(c.Name, new[] { "VP8", "H264", "VP9", "AV1", "rtx" }));
                Assert.Equal("VP8", s.Codecs[0].Name);
                Assert.Equal(s.Codecs.Count(c => c.IsRtx), s.RtxMap.Count);
            }
        }
    }

    [Fact]
    public void Simulcast_offer_is_answered_with_recv_rids_and_one_byte_extensions()
    {
        var (offer, answer, negotiated) = Answer(SdpTestData.Read("sdp/chromium-simulcast.sdp"));
        var video = answer.Sections[0];
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal([new RidDescription("q", RidDirection.Recv), new RidDescription("h", RidDirection.Recv), new RidDescription("f", RidDirection.Recv)], video.Rids);
        Assert.Equal("recv q;h;f", video.Simulcast!.ToString());
        Assert.False(answer.ExtmapAllowMixed);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal(
            [(2, HeaderExtensionUris.AbsSendTime), (4, HeaderExtensionUris.TransportWideCc), (9, HeaderExtensionUris.Mid), (10, HeaderExtensionUris.RtpStreamId), (11, HeaderExtensionUris.RepairedRtpStreamId), (13, HeaderExtensionUris.DependencyDescriptor)],
            video.HeaderExtensions.Select(e => (e.Id, e.Uri)).Order());
        // The negotiated model tells the forwarder which rids arrive, and the id of every extension on the transport.
        Assert.Equal(["q", "h", "f"], negotiated.Sections[0].Rids.Select(r => r.Id));
        Assert.Equal(RidDirection.Send, negotiated.Sections[0].Rids[0].Direction);
        Assert.Equal(HeaderExtensionUris.AudioLevel, negotiated.HeaderExtensions[12]);
        Assert.Equal(HeaderExtensionUris.RtpStreamId, negotiated.HeaderExtensions[10]);
        Assert.Empty(negotiated.Sections[0].Ssrcs);
    }

    [Fact]
    public void Negotiated_model_of_a_plain_offer_carries_the_remote_ssrcs_and_fid_group()
    {
        var (_, _, negotiated) = Answer(SdpTestData.Read("sdp/chromium-audio-video.sdp"));
        var video = negotiated.FindSection("1")!;
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal(2394317962u, video.FindRtxSsrc(121679942));
        Assert.Equal("8e5daf3e-7c3f-404d-ba06-4d1ecb3de2f8", video.Msid!.TrackId);
        Assert.Equal((byte)96, video.RtxMap[97]);
        Assert.Equal("VP8", video.Codecs[0].Name);
        Assert.Equal(942241565u, negotiated.FindSection("0")!.Ssrcs[0].Ssrc);
        Assert.Null(negotiated.DataChannel);
    }

    [Fact]
    public void Livekit_publisher_offer_gets_recv_for_mic_and_camera_and_inactive_for_unused_subscriber_sections()
    {
        var (_, answer, negotiated) = Answer(SdpTestData.Read("sdp/livekit-client-publisher.sdp"));
        for (var i = 0; i < 6; i++) Assert.Equal(MediaDirection.Inactive, answer.Sections[i].Direction);
        Assert.Equal(MediaDirection.RecvOnly, answer.FindSection("7")!.Direction);
        Assert.Equal("recv q;h;f", answer.FindSection("8")!.Simulcast!.ToString());
        Assert.Equal("6", negotiated.DataChannel!.Mid);
        Assert.Equal(5000, answer.FindSection("6")!.SctpPort);
        Assert.Equal(262144, answer.FindSection("6")!.MaxMessageSize);
        Assert.Equal(9, answer.BundleGroup!.Mids.Count);
        // The candidates the client had gathered by then are handed to ICE.
        Assert.Contains(negotiated.RemoteCandidates, c => c.Address == "192.0.2.2" && c.Port == 60077);
    }

    [Fact]
    public void A_track_attached_to_a_recvonly_section_is_sent_with_msid_ssrc_and_fid()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            SendTracks = new Dictionary<string, OutgoingTrack> { ["3"] = new(MediaKind.Video, "PA_x|TR_y", "TR_y", 1000, 1001, "sfucname") },
        };
        var (_, answer, _) = Answer(SdpTestData.Read("sdp/livekit-client-publisher.sdp"), options);
        var s = answer.FindSection("3")!;
        Assert.Equal(MediaDirection.SendOnly, s.Direction);
        Assert.Equal(new Msid("PA_x|TR_y", "TR_y"), s.Msid);
        Assert.Equal(1001u, s.FindRtxSsrc(1000));
        Assert.All(s.Ssrcs, x => Assert.Equal(("sfucname", "PA_x|TR_y", "TR_y"), (x.Cname, x.MsidStream, x.MsidTrack)));
        Assert.Equal(2, s.Ssrcs.Count);
    }

    [Fact]
    public void Livekit_x_google_start_bitrate_is_not_echoed()
    {
        var (offer, answer, _) = Answer(SdpTestData.Read("sdp/livekit-client-publisher.sdp"));
        Assert.Equal("x-google-start-bitrate=1000", offer.FindSection("8")!.FindCodec(96)!.Fmtp);
        Assert.Null(answer.FindSection("8")!.FindCodec(96)!.Fmtp);
        Assert.Null(SdpAnswerer.WithoutBitrateHints("x-google-min-bitrate=1;x-google-max-bitrate=2"));
        Assert.Equal("profile-id=0", SdpAnswerer.WithoutBitrateHints("profile-id=0;x-google-max-bitrate=2"));
    }

    [Fact]
    public void Red_is_kept_first_only_when_configured()
    {
        var options = new SdpAnswerOptions { IceUfrag = "SfuUfrag", IcePwd = "SfuPasswordSfuPassword24", Fingerprint = SdpTestData.ServerFingerprint, AudioRed = true };
        var (_, answer, negotiated) = Answer(SdpTestData.Read("sdp/chromium-audio-video.sdp"), options);
        Assert.Equal([63, 111], answer.Sections[0].Codecs.Select(c => (int)c.PayloadType));
        Assert.Equal((byte)63, negotiated.Sections[0].RedPayloadType);
    }

    [Fact]
    public void Video_preference_puts_h264_packetization_mode_1_first()
    {
        var options = new SdpAnswerOptions { IceUfrag = "SfuUfrag", IcePwd = "SfuPasswordSfuPassword24", Fingerprint = SdpTestData.ServerFingerprint, VideoCodecPreference = ["h264", "VP8"] };
        var (_, answer, _) = Answer(SdpTestData.Read("sdp/chromium-audio-video.sdp"), options);
        var video = answer.Sections[1];
        var primaries = video.Codecs.Where(c => !c.IsRtx).ToList();
        Assert.Equal("H264", primaries[0].Name);
        Assert.True(primaries[0].TryGetParameter("packetization-mode", out var pm) && pm == "1");
        Assert.Equal("VP8", primaries[^1].Name);
        Assert.Equal(6, primaries.Count(c => c.Name == "H264"));
        Assert.Equal(primaries[0].PayloadType, video.RtxMap[video.Codecs[1].PayloadType]);
    }

    [Fact]
    public void Recvonly_offer_leaves_out_vp9_444_av1_profile_1_and_fec()
    {
        var (_, answer, _) = Answer(SdpTestData.Read("sdp/chromium-recvonly.sdp"));
        var video = answer.Sections[1];
        Assert.Equal(MediaDirection.Inactive, video.Direction);
        Assert.DoesNotContain(video.Codecs, c => c.PayloadType is 35 or 37 or 47 or 49 or 118 or 120);
        Assert.Contains(video.Codecs, c => c.PayloadType == 98);
        Assert.Contains(video.Codecs, c => c.PayloadType == 45);
    }

    [Fact]
    public void Werift_capital_opus_is_accepted()
    {
        var (_, answer, _) = Answer(SdpTestData.Read("sdp/werift-audio-video.sdp"));
        Assert.Equal("OPUS", Assert.Single(answer.Sections[0].Codecs).Name);
        Assert.Equal(98, Assert.Single(answer.Sections[1].Codecs).PayloadType);
    }

    [Theory]
    [InlineData(DtlsSetup.Active, DtlsSetup.Passive)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Active)]
    public void A_fixed_offer_role_forces_the_opposite_answer_role(DtlsSetup offered, DtlsSetup expected)
    {
        var text = SdpTestData.Read("sdp/chromium-audio-video.sdp").Replace("a=setup:actpass", "a=setup:" + offered.ToString().ToLowerInvariant(), StringComparison.Ordinal);
        var (_, answer, negotiated) = Answer(text);
        Assert.All(answer.Sections, s => Assert.Equal(expected, s.Setup));
        Assert.Equal(expected, negotiated.LocalSetup);
    }

    [Fact]
    public void Unsupported_sections_are_rejected_with_port_zero_and_keep_their_mid()
    {
        var text = string.Join("\r\n",
            "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE a b c d e f g",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuv", "a=fingerprint:sha-256 " + string.Join(":", Enumerable.Repeat("AB", 32)), "a=setup:actpass",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:a", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
            "m=audio 9 RTP/AVP 0", "a=mid:b", "a=rtcp-mux",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:c", "a=rtpmap:96 VP8/90000",
            "m=text 9 UDP/TLS/RTP/SAVPF 98", "a=mid:d", "a=rtcp-mux", "a=rtpmap:98 t140/1000",
            "m=audio 9 UDP/TLS/RTP/SAVPF 0 8", "a=mid:e", "a=rtcp-mux",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:f", "a=sctp-port:5000",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:g", "a=sctp-port:5000",
            "m=video 0 UDP/TLS/RTP/SAVPF 96", "a=mid:h", "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "");
        var (_, answer, negotiated) = Answer(text);
        Assert.Equal(["a", "f"], answer.BundleGroup!.Mids);
        foreach (var mid in new[] { "b", "c", "d", "e", "g", "h" })
        {
            var s = answer.FindSection(mid)!;
            Assert.True(s.IsRejected, mid);
            Assert.Equal(0, s.Port);
            Assert.True(negotiated.FindSection(mid)!.IsRejected);
        }
        Assert.Equal("m=audio 0 RTP/AVP 0", "m=" + answer.FindSection("b")!.Description.MediaLine);
    }

    [Fact]
    public void An_offer_without_bundle_is_refused()
    {
        var text = SdpTestData.Read("sdp/chromium-audio-video.sdp").Replace("a=group:BUNDLE 0 1\r\n", "", StringComparison.Ordinal);
        Assert.False(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(SdpTestData.Parse(text), out _, out _, out var error));
        Assert.Equal(SdpNegotiationErrorKind.NoBundle, error.Kind);
    }

    [Fact]
    public void An_offer_without_fingerprint_is_refused()
    {
        var lines = SdpTestData.Read("sdp/chromium-audio-video.sdp").Split("\r\n").Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal));
        Assert.False(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(SdpTestData.Parse(string.Join("\r\n", lines)), out _, out _, out var error));
        Assert.Equal(SdpNegotiationErrorKind.NoFingerprint, error.Kind);
    }

    [Fact]
    public void An_offer_without_ice_credentials_is_refused()
    {
        var lines = SdpTestData.Read("sdp/chromium-audio-video.sdp").Split("\r\n").Where(l => !l.StartsWith("a=ice-pwd", StringComparison.Ordinal));
        Assert.False(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(SdpTestData.Parse(string.Join("\r\n", lines)), out _, out _, out var error));
        Assert.Equal(SdpNegotiationErrorKind.NoIceCredentials, error.Kind);
    }

    [Fact]
    public void A_holdconn_offer_is_refused()
    {
        var text = SdpTestData.Read("sdp/chromium-audio-video.sdp").Replace("a=setup:actpass", "a=setup:holdconn", StringComparison.Ordinal);
        Assert.False(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(SdpTestData.Parse(text), out _, out _, out var error));
        Assert.Equal(SdpNegotiationErrorKind.InvalidSetup, error.Kind);
    }

    [Theory]
    [InlineData("bad ufrag", "SfuPasswordSfuPassword24", "PA|TR", "c")]
    [InlineData("SfuUfrag", "short", "PA|TR", "c")]
    [InlineData("SfuUfrag", "SfuPasswordSfuPassword24", "PA\r\na=inject", "c")]
    [InlineData("SfuUfrag", "SfuPasswordSfuPassword24", "PA|TR", "two words")]
    public void Invalid_options_or_tracks_are_refused_before_anything_is_written(string ufrag, string pwd, string stream, string cname)
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = ufrag,
            IcePwd = pwd,
            Fingerprint = SdpTestData.ServerFingerprint,
            SendTracks = new Dictionary<string, OutgoingTrack> { ["0"] = new(MediaKind.Audio, stream, "TR", 1, null, cname) },
        };
        Assert.False(new SdpAnswerer(options).TryCreateAnswer(SdpTestData.ParseFixture("sdp/chromium-recvonly.sdp"), out _, out _, out var error));
        Assert.Equal(SdpNegotiationErrorKind.InvalidOptions, error.Kind);
    }

    [Fact]
    public void A_track_of_the_wrong_kind_for_its_section_is_refused()
    {
        var options = new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            SendTracks = new Dictionary<string, OutgoingTrack> { ["0"] = new(MediaKind.Video, "s", "t", 1, 2, "c") },
        };
        Assert.False(new SdpAnswerer(options).TryCreateAnswer(SdpTestData.ParseFixture("sdp/chromium-recvonly.sdp"), out _, out _, out var error));
        Assert.Equal((SdpNegotiationErrorKind.InvalidOptions, "0"), (error.Kind, error.Mid));
    }

    [Fact]
    public void Answers_from_other_stacks_are_checked_against_the_offer()
    {
        // Chromium's own answer to the wrtc offer is a valid pair; a tampered payload type is not.
        var offer = SdpTestData.ParseFixture("sdp/wrtc-audio-video.sdp");
        var answer = SdpTestData.ParseFixture("sdp/chromium-answer-to-actpass.sdp");
        Assert.True(NegotiatedMedia.TryCreate(offer, answer, localIsOfferer: true, out var negotiated, out var error), error?.ToString());
        Assert.Equal(DtlsSetup.Passive, negotiated.LocalSetup);
        Assert.Equal("klEI", negotiated.RemoteIceUfrag);

        var tampered = SdpTestData.Parse(answer.ToString().Replace("a=rtpmap:111 opus", "a=rtpmap:111 opus", StringComparison.Ordinal)
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 127", StringComparison.Ordinal));
        Assert.False(NegotiatedMedia.TryCreate(offer, tampered, true, out _, out error));
        Assert.Equal(SdpNegotiationErrorKind.UnofferedPayloadType, error.Kind);

        var renumbered = SdpTestData.Parse(answer.ToString().Replace("a=extmap:14 urn:ietf:params:rtp-hdrext:toffset", "a=extmap:15 urn:ietf:params:rtp-hdrext:toffset", StringComparison.Ordinal));
        Assert.False(NegotiatedMedia.TryCreate(offer, renumbered, true, out _, out error));
        Assert.Equal(SdpNegotiationErrorKind.UnofferedExtension, error.Kind);

        Assert.False(NegotiatedMedia.TryCreate(SdpTestData.ParseFixture("sdp/chromium-datachannel-only.sdp"), answer, true, out _, out error));
        Assert.Equal(SdpNegotiationErrorKind.SectionMismatch, error.Kind);

        var bothActive = SdpTestData.Parse(offer.ToString().Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal));
        Assert.False(NegotiatedMedia.TryCreate(bothActive, answer, true, out _, out error));
        Assert.Equal(SdpNegotiationErrorKind.InvalidSetup, error.Kind);
    }
}
