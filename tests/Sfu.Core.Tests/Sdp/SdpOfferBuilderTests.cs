using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>The server's own offers (LiveKit's subscriber side).</summary>
public class SdpOfferBuilderTests
{
    private static OutgoingTrack Audio(string id, uint ssrc) => new(MediaKind.Audio, "PA_p|" + id, id, ssrc, null, "sfu");

    private static OutgoingTrack Video(string id, uint ssrc, string? codec = null) => new(MediaKind.Video, "PA_p|" + id, id, ssrc, ssrc + 1, "sfu", codec);

    [Fact]
    public void First_offer_has_only_the_data_channel_section()
    {
        var offer = new SdpOfferBuilder(SdpTestData.OfferOptions()).CreateOffer();
        var s = Assert.Single(offer.Sections);
        Assert.Equal((MediaKind.Application, "0", DtlsSetup.ActPass, 5000), (s.Kind, s.Mid, s.Setup, s.SctpPort!.Value));
        Assert.True(offer.IceLite);
        Assert.Equal(["0"], offer.BundleGroup!.Mids);
        Assert.Equal("SubUfrag", s.IceUfrag);
        Assert.True(s.EndOfCandidates);
    }

    [Fact]
    public void Ice_restart_puts_the_new_credentials_in_every_section_of_the_next_offer()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Audio("TR_a", 100), out _, out _));
        var before = b.CreateOffer();
        b.RestartIce("newUfrag", "aNewPasswordOf22Chars+x");
        var after = b.CreateOffer();
        Assert.Equal(before.Sections.Count, after.Sections.Count);
        Assert.All(after.Sections, s => Assert.Equal(("newUfrag", "aNewPasswordOf22Chars+x"), (s.IceUfrag, s.IcePwd)));
        Assert.All(before.Sections, s => Assert.NotEqual("newUfrag", s.IceUfrag));
        Assert.Throws<ArgumentException>(() => b.RestartIce("ab", "aNewPasswordOf22Chars+x"));
    }

    [Fact]
    public void Sent_tracks_get_sendonly_sections_with_msid_ssrc_fid_and_feedback()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Audio("TR_a", 100), out var audioMid, out _));
        Assert.True(b.TryAddTrack(Video("TR_v", 200), out var videoMid, out _));
        var offer = b.CreateOffer();
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);

        var audio = offer.FindSection(audioMid)!;
        Assert.Equal((MediaDirection.SendOnly, DtlsSetup.ActPass), (audio.Direction, audio.Setup));
        Assert.Equal(new Msid("PA_p|TR_a", "TR_a"), audio.Msid);
        var ssrc = Assert.Single(audio.Ssrcs);
        Assert.Equal((100u, "sfu", "PA_p|TR_a", "TR_a"), (ssrc.Ssrc, ssrc.Cname, ssrc.MsidStream, ssrc.MsidTrack));
        var opus = Assert.Single(audio.Codecs);
        Assert.Equal(("opus", 48000, 2, (byte)111), (opus.Name, opus.ClockRate, opus.Channels, opus.PayloadType));
        Assert.True(opus.HasFeedback(RtcpFeedback.TransportCc));
        Assert.True(audio.TryGetExtensionId(HeaderExtensionUris.AudioLevel, out _));

        var video = offer.FindSection(videoMid)!;
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(201u, video.FindRtxSsrc(200));
        Assert.Equal(2, video.Ssrcs.Count);
        Assert.True(video.RtcpMux && video.RtcpReducedSize);
        foreach (var primary in video.Codecs.Where(c => !c.IsRtx))
        {
            Assert.Equal([RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli], primary.RtcpFeedback);
            Assert.Contains(video.RtxMap, kv => kv.Value == primary.PayloadType);
        }
        Assert.Equal(["VP8", "rtx", "H264", "rtx", "VP9", "rtx", "AV1", "rtx"], video.Codecs.Select(c => c.Name));
    }

    [Fact]
    public void No_payload_type_is_ever_in_the_rtcp_collision_range_64_to_95()
    {
        foreach (var red in new[] { false, true })
        {
            foreach (var rtx in new[] { false, true })
            {
                var options = new SdpOfferOptions
                {
                    IceUfrag = "SubUfrag",
                    IcePwd = "SubPasswordSubPassword24",
                    Fingerprint = SdpTestData.ServerFingerprint,
                    AudioRed = red,
                    VideoRtx = rtx,
                };
                var b = new SdpOfferBuilder(options);
                Assert.True(b.TryAddTrack(Audio("a", 1), out _, out _));
                Assert.True(b.TryAddTrack(Video("v", 10), out _, out _));
                foreach (var codec in new[] { "VP8", "vp9", "H264", "AV1" })
                    Assert.True(b.TryAddTrack(Video("v" + codec, (uint)(20 + codec.Length * 10 + codec[1]), codec), out _, out _));
                foreach (var s in b.CreateOffer().Sections)
                {
                    foreach (var c in s.Codecs) Assert.False(c.PayloadType is >= 64 and <= 95, $"{c.Name} uses {c.PayloadType}");
                }
            }
        }
    }

    [Fact]
    public void Removed_sections_are_reused_so_the_offer_stays_bounded()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(b.TryAddTrack(Video("v" + i, (uint)(1000 + i * 2)), out _, out var e), e?.ToString());
            Assert.True(b.TryAddTrack(Audio("a" + i, (uint)(900_000 + i)), out _, out e), e?.ToString());
            if (i > 0)
            {
                Assert.True(b.RemoveTrack("v" + (i - 1)));
                Assert.True(b.RemoveTrack("a" + (i - 1)));
            }
        }
        Assert.Equal(5, b.SectionCount); // data + two video and two audio sections at most
        var offer = b.CreateOffer();
        Assert.Equal(5, offer.Sections.Count);
        Assert.Equal(2, offer.Sections.Count(s => s.Direction == MediaDirection.Inactive));
        Assert.Equal(2, offer.Sections.Count(s => s.Direction == MediaDirection.SendOnly));
        Assert.All(offer.Sections.Where(s => s.Direction == MediaDirection.Inactive), s => Assert.Empty(s.Ssrcs));
        Assert.All(offer.Sections.Where(s => s.Direction == MediaDirection.Inactive), s => Assert.Null(s.Msid));
    }

    [Fact]
    public void A_freed_section_is_reused_by_the_next_track_of_the_same_kind_only()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Video("v1", 10), out var v1, out _));
        Assert.True(b.RemoveTrack("v1"));
        Assert.True(b.TryAddTrack(Audio("a1", 20), out var a1, out _));
        Assert.NotEqual(v1, a1);
        Assert.True(b.TryAddTrack(Video("v2", 30), out var v2, out _));
        Assert.Equal(v1, v2);
        Assert.False(b.RemoveTrack("v1"));
        Assert.Equal(v2, b.FindMid("v2"));
    }

    [Fact]
    public void Mids_and_order_are_stable_and_the_version_increases_across_offers()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Video("v1", 10), out _, out _));
        var first = b.CreateOffer();
        Assert.True(b.TryAddTrack(Audio("a1", 20), out _, out _));
        var second = b.CreateOffer();
        Assert.Equal(first.Sections.Select(s => s.Mid), second.Sections.Take(first.Sections.Count).Select(s => s.Mid));
        Assert.True(long.Parse(second.Origin.SessionVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(first.Origin.SessionVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.Origin.SessionId, second.Origin.SessionId);
    }

    [Fact]
    public void Bad_tracks_are_refused()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Video("v", 10), out _, out _));
        Assert.False(b.TryAddTrack(Video("v", 50), out _, out var e));
        Assert.Equal(SdpNegotiationErrorKind.InvalidOptions, e.Kind);
        Assert.False(b.TryAddTrack(Audio("a", 11), out _, out _)); // 11 is v's RTX SSRC
        Assert.False(b.TryAddTrack(Audio("a\r\na=x", 12), out _, out _));
        Assert.False(b.TryAddTrack(Audio("a", 12) with { Cname = "" }, out _, out _));
        Assert.False(b.TryAddTrack(Video("h", 14, "H265"), out _, out _));
        Assert.False(b.TryAddTrack(Video("r", 16, "red"), out _, out _));
        Assert.False(b.TryAddTrack(Audio("o", 18) with { Codec = "VP8" }, out _, out _));
        Assert.False(b.TryAddTrack(new OutgoingTrack(MediaKind.Application, "s", "t", 20, null, "c"), out _, out _));
        Assert.False(b.TryAddTrack(Video("same", 30) with { RtxSsrc = 30 }, out _, out _));
        Assert.Equal(2, b.SectionCount);
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new SdpOfferBuilder(new SdpOfferOptions { IceUfrag = "x", IcePwd = "SubPasswordSubPassword24", Fingerprint = SdpTestData.ServerFingerprint }));
        Assert.Throws<ArgumentException>(() => new SdpOfferBuilder(new SdpOfferOptions { IceUfrag = "SubUfrag", IcePwd = "pwd", Fingerprint = SdpTestData.ServerFingerprint }));
        Assert.Throws<ArgumentException>(() => new SdpOfferBuilder(new SdpOfferOptions
        {
            IceUfrag = "SubUfrag",
            IcePwd = "SubPasswordSubPassword24",
            Fingerprint = SdpTestData.ServerFingerprint,
            Candidates = [IceCandidate.Host("1", "127.0.0.1\r\na=inject", 1)],
        }));
    }

    [Fact]
    public void The_servers_answerer_answers_the_servers_offer_and_both_sides_agree()
    {
        var b = new SdpOfferBuilder(SdpTestData.OfferOptions());
        Assert.True(b.TryAddTrack(Audio("a", 1), out var audioMid, out _));
        Assert.True(b.TryAddTrack(Video("v", 10, "VP8"), out var videoMid, out _));
        var offer = b.CreateOffer();
        Assert.True(new SdpAnswerer(SdpTestData.AnswerOptions()).TryCreateAnswer(offer, out var answer, out _, out var error), error?.ToString());
        Assert.Equal(MediaDirection.RecvOnly, answer.FindSection(videoMid)!.Direction);
        Assert.True(NegotiatedMedia.TryCreate(offer, answer, localIsOfferer: true, out var negotiated, out error), error?.ToString());
        Assert.Equal(DtlsSetup.Active, negotiated.LocalSetup); // the answer took passive
        Assert.Equal(MediaDirection.SendOnly, negotiated.FindSection(videoMid)!.Direction);
        Assert.Equal(["VP8", "rtx"], negotiated.FindSection(videoMid)!.Codecs.Select(c => c.Name));
        Assert.Equal(HeaderExtensionUris.TransportWideCc, negotiated.HeaderExtensions[3]);
        Assert.Equal("SfuUfrag", negotiated.RemoteIceUfrag);
        Assert.Equal(MediaKind.Audio, negotiated.FindSection(audioMid)!.Kind);
    }
}
