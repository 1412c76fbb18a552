using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>Bad descriptions end as a parse error naming the line and the reason (RFC 8866 grammar and the attribute RFCs).</summary>
public class SdpParserTests
{
    private static readonly string[] s_head = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"];
    private const string Fp = "a=fingerprint:sha-256 AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB";

    /// <summary>A valid description: head, then the given lines (line 5 onward).</summary>
    private static string Sdp(params string[] lines) => string.Join("\r\n", s_head.Concat(lines)) + "\r\n";

    private static SdpParseError Error(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out var d, out var e), d?.ToString());
        return e;
    }

    private static void AssertError(string text, SdpParseErrorKind kind, int line)
    {
        var e = Error(text);
        Assert.Equal((kind, line), (e.Kind, e.LineNumber));
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));
        Assert.Contains(kind.ToString(), e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Minimal_description_parses()
    {
        Assert.True(SessionDescription.TryParse(Sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=rtpmap:111 opus/48000/2"), out var d, out _));
        Assert.Equal(MediaDirection.SendRecv, d.Sections[0].Direction);
        Assert.Null(d.Sections[0].Mid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_is_empty(string? text) => Assert.Equal(SdpParseErrorKind.Empty, Error(text!).Kind);

    [Fact]
    public void Head_lines_must_be_v_o_s_in_order()
    {
        AssertError("o=- 1 1 IN IP4 0.0.0.0\r\n", SdpParseErrorKind.MissingVersion, 1);
        AssertError("v=1\r\n", SdpParseErrorKind.UnsupportedVersion, 1);
        AssertError("v=0\r\ns=-\r\n", SdpParseErrorKind.MissingOrigin, 2);
        AssertError("v=0\r\no=- 1 1 IN IP4\r\n", SdpParseErrorKind.MalformedOrigin, 2);
        AssertError("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", SdpParseErrorKind.MalformedOrigin, 2);
        AssertError("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", SdpParseErrorKind.MissingSessionName, 3);
        AssertError("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", SdpParseErrorKind.MissingTiming, 4);
        AssertError("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", SdpParseErrorKind.MissingTiming, 0);
        AssertError("v=0\r\n", SdpParseErrorKind.MissingOrigin, 0);
    }

    [Fact]
    public void Lines_must_be_type_equals_value_with_known_types_at_the_right_level()
    {
        AssertError(Sdp("x=1"), SdpParseErrorKind.UnknownLineType, 5);
        AssertError(Sdp("A=1"), SdpParseErrorKind.MalformedLine, 5);
        AssertError(Sdp("a"), SdpParseErrorKind.MalformedLine, 5);
        AssertError(Sdp("a =x"), SdpParseErrorKind.MalformedLine, 5);
        AssertError(Sdp("m=audio 9 RTP/AVP 0", "t=0 0"), SdpParseErrorKind.LineOutOfOrder, 6);
        AssertError(Sdp("v=0"), SdpParseErrorKind.LineOutOfOrder, 5);
        AssertError(Sdp("a=:value"), SdpParseErrorKind.MalformedLine, 5);
        AssertError(Sdp("a=bad name"), SdpParseErrorKind.MalformedLine, 5);
    }

    [Theory]
    [InlineData("a=x\0y")]
    [InlineData("a=x\ry")]
    [InlineData("a=x\ty")]
    [InlineData("a=x\u007fy")]
    public void Control_characters_are_refused(string line) => AssertError(Sdp(line), SdpParseErrorKind.InvalidCharacter, 5);

    [Fact]
    public void Size_limits_are_enforced_before_the_work()
    {
        AssertError(Sdp("a=x:" + new string('a', SdpLimits.MaxLineLength)), SdpParseErrorKind.LineTooLong, 5);
        Assert.Equal(SdpParseErrorKind.TooLong, Error(new string('a', SdpLimits.MaxDescriptionLength + 1)).Kind);
        var many = Sdp(Enumerable.Repeat("m=audio 9 RTP/AVP 0", SdpLimits.MaxMediaSections + 1).ToArray());
        AssertError(many, SdpParseErrorKind.TooManyMediaSections, 5 + SdpLimits.MaxMediaSections);
        var attrs = Sdp(new[] { "m=audio 9 RTP/AVP 0" }.Concat(Enumerable.Repeat("a=x", SdpLimits.MaxAttributesPerSection + 1)).ToArray());
        AssertError(attrs, SdpParseErrorKind.TooManyAttributes, 6 + SdpLimits.MaxAttributesPerSection);
        AssertError(string.Concat(Enumerable.Repeat("\n", SdpLimits.MaxLines + 1)), SdpParseErrorKind.TooManyLines, SdpLimits.MaxLines + 1);
    }

    [Theory]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF", SdpParseErrorKind.MalformedMediaLine)]
    [InlineData("m=audio 70000 UDP/TLS/RTP/SAVPF 0", SdpParseErrorKind.InvalidPort)]
    [InlineData("m=audio -1 UDP/TLS/RTP/SAVPF 0", SdpParseErrorKind.InvalidPort)]
    [InlineData("m=audio 9/0 UDP/TLS/RTP/SAVPF 0", SdpParseErrorKind.InvalidPort)]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 128", SdpParseErrorKind.InvalidPayloadType)]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 0x10", SdpParseErrorKind.InvalidPayloadType)]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 99999999999999999999999", SdpParseErrorKind.InvalidPayloadType)]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 0 8 0", SdpParseErrorKind.DuplicatePayloadType)]
    [InlineData("m=a(b 9 RTP/AVP 0", SdpParseErrorKind.MalformedMediaLine)]
    public void Bad_media_lines_are_refused(string line, SdpParseErrorKind kind) => AssertError(Sdp(line), kind, 5);

    [Fact]
    public void An_overlong_payload_type_value_is_refused_janus_cve_2020_13901()
    {
        AssertError(Sdp("m=audio 9 UDP/TLS/RTP/SAVPF " + new string('9', 4000)), SdpParseErrorKind.InvalidPayloadType, 5);
        AssertError(Sdp("m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=rtpmap:" + new string('1', 3000) + " x/1"), SdpParseErrorKind.InvalidPayloadType, 6);
    }

    public static TheoryData<string, SdpParseErrorKind> BadAttributes => new()
    {
        { "a=mid:", SdpParseErrorKind.InvalidMid },
        { "a=mid:" + new string('m', 65), SdpParseErrorKind.InvalidMid },
        { "a=mid:a b", SdpParseErrorKind.InvalidMid },
        { "a=rtpmap:111", SdpParseErrorKind.MalformedRtpmap },
        { "a=rtpmap:111 opus", SdpParseErrorKind.MalformedRtpmap },
        { "a=rtpmap:111 opus/0", SdpParseErrorKind.MalformedRtpmap },
        { "a=rtpmap:111 opus/48000/0", SdpParseErrorKind.MalformedRtpmap },
        { "a=rtpmap:111 opus/48000/2/1", SdpParseErrorKind.MalformedRtpmap },
        { "a=rtpmap:300 opus/48000", SdpParseErrorKind.InvalidPayloadType },
        { "a=fmtp:111", SdpParseErrorKind.MalformedFmtp },
        { "a=fmtp:111 ", SdpParseErrorKind.MalformedFmtp },
        { "a=fmtp:abc x=1", SdpParseErrorKind.InvalidPayloadType },
        { "a=rtcp-fb:111", SdpParseErrorKind.MalformedRtcpFeedback },
        { "a=rtcp-fb:-1 nack", SdpParseErrorKind.InvalidPayloadType },
        { "a=extmap:0 urn:x", SdpParseErrorKind.InvalidExtmapId },
        { "a=extmap:256 urn:x", SdpParseErrorKind.InvalidExtmapId },
        { "a=extmap:4096 urn:x", SdpParseErrorKind.InvalidExtmapId },
        { "a=extmap:1", SdpParseErrorKind.MalformedExtmap },
        { "a=extmap:1/sideways urn:x", SdpParseErrorKind.MalformedExtmap },
        { "a=ssrc:abc cname:x", SdpParseErrorKind.MalformedSsrc },
        { "a=ssrc:4294967296 cname:x", SdpParseErrorKind.MalformedSsrc },
        { "a=ssrc:1 cname:", SdpParseErrorKind.MalformedSsrc },
        { "a=ssrc-group:FID 1 2 3", SdpParseErrorKind.MalformedSsrc },
        { "a=ssrc-group:FID 1 x", SdpParseErrorKind.MalformedSsrc },
        { "a=ssrc-group:SIM", SdpParseErrorKind.MalformedSsrc },
        { "a=rid:q sideways", SdpParseErrorKind.MalformedRid },
        { "a=rid:q.1 send", SdpParseErrorKind.MalformedRid },
        { "a=simulcast:send", SdpParseErrorKind.MalformedSimulcast },
        { "a=simulcast:send q", SdpParseErrorKind.MalformedSimulcast },
        { "a=simulcast:both q", SdpParseErrorKind.MalformedSimulcast },
        { "a=msid:", SdpParseErrorKind.MalformedMsid },
        { "a=msid:a b c", SdpParseErrorKind.MalformedMsid },
        { "a=candidate:1 1 udp 1 1.2.3.4 5 host", SdpParseErrorKind.MalformedCandidate },
        { "a=candidate:1 1 udp 1 1.2.3.4 99999 typ host", SdpParseErrorKind.MalformedCandidate },
        { "a=candidate:1 0 udp 1 1.2.3.4 5 typ host", SdpParseErrorKind.MalformedCandidate },
        { "a=candidate:1 1 udp 4294967296 1.2.3.4 5 typ host", SdpParseErrorKind.MalformedCandidate },
        { "a=candidate:1 1 udp 1 1.2.3.4 5 typ host raddr", SdpParseErrorKind.MalformedCandidate },
        { "a=fingerprint:sha-256 AB:CD", SdpParseErrorKind.MalformedFingerprint },
        { "a=fingerprint:sha-256", SdpParseErrorKind.MalformedFingerprint },
        { "a=fingerprint:sha-1 ZZ:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB", SdpParseErrorKind.MalformedFingerprint },
        { "a=fingerprint:sha-1 AB-AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB", SdpParseErrorKind.MalformedFingerprint },
        { "a=ice-ufrag:abc", SdpParseErrorKind.InvalidIceCredentials },
        { "a=ice-ufrag:ab_cd", SdpParseErrorKind.InvalidIceCredentials },
        { "a=ice-pwd:tooshort", SdpParseErrorKind.InvalidIceCredentials },
        { "a=setup:sometimes", SdpParseErrorKind.InvalidSetup },
        { "a=sctp-port:0", SdpParseErrorKind.MalformedSctp },
        { "a=sctp-port:65536", SdpParseErrorKind.MalformedSctp },
        { "a=max-message-size:-1", SdpParseErrorKind.MalformedSctp },
        { "a=sctpmap:5000", SdpParseErrorKind.MalformedSctp },
    };

    [Theory]
    [MemberData(nameof(BadAttributes))]
    public void Bad_media_attributes_are_refused_with_their_line(string attribute, SdpParseErrorKind kind) =>
        AssertError(Sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=rtcp-mux", attribute), kind, 7);

    [Theory]
    [InlineData("a=mid:0", SdpParseErrorKind.DuplicateAttribute)]
    [InlineData("a=setup:active", SdpParseErrorKind.DuplicateAttribute)]
    [InlineData("a=ice-ufrag:abcd", SdpParseErrorKind.DuplicateAttribute)]
    [InlineData("a=recvonly", SdpParseErrorKind.ConflictingDirection)]
    [InlineData("a=rtpmap:111 opus/48000/2", SdpParseErrorKind.DuplicateCodecAttribute)]
    [InlineData("a=fmtp:111 minptime=10", SdpParseErrorKind.DuplicateCodecAttribute)]
    [InlineData("a=extmap:1 urn:other", SdpParseErrorKind.InvalidExtmapId)]
    [InlineData("a=extmap:2 urn:ietf:params:rtp-hdrext:sdes:mid", SdpParseErrorKind.InvalidExtmapId)]
    [InlineData("a=rid:q recv", SdpParseErrorKind.MalformedRid)]
    public void Repeated_single_valued_attributes_are_refused(string repeated, SdpParseErrorKind kind) =>
        AssertError(Sdp("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=setup:passive", "a=ice-ufrag:abcd", "a=sendonly",
            "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=20", "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid", "a=rid:q send", repeated), kind, 14);

    [Fact]
    public void Cross_section_rules_name_the_offending_line()
    {
        AssertError(Sdp("m=audio 9 RTP/AVP 0", "a=mid:x", "m=audio 9 RTP/AVP 0", "a=mid:x"), SdpParseErrorKind.DuplicateMid, 8);
        AssertError(Sdp("a=group:BUNDLE 0 1", "m=audio 9 RTP/AVP 0", "a=mid:0"), SdpParseErrorKind.MalformedGroup, 5);
        AssertError(Sdp("a=group:BUNDLE 0 0", "m=audio 9 RTP/AVP 0", "a=mid:0"), SdpParseErrorKind.MalformedGroup, 5);
        AssertError(Sdp("a=group:", "m=audio 9 RTP/AVP 0"), SdpParseErrorKind.MalformedGroup, 5);
        // RFC 8843 section 9.1.2: one id, one meaning, across a BUNDLE group.
        AssertError(Sdp("a=group:BUNDLE 0 1", "m=audio 9 RTP/AVP 0", "a=mid:0", "a=extmap:3 urn:a",
            "m=video 9 RTP/AVP 96", "a=mid:1", "a=extmap:3 urn:b"), SdpParseErrorKind.ConflictingExtmap, 11);
        // RFC 8853: a simulcast rid needs its a=rid line of the same direction.
        AssertError(Sdp("m=video 9 RTP/AVP 96", "a=rid:q recv", "a=simulcast:send q"), SdpParseErrorKind.MalformedSimulcast, 7);
        AssertError(Sdp("a=sendonly", "a=recvonly", "m=video 9 RTP/AVP 96"), SdpParseErrorKind.ConflictingDirection, 6);
        AssertError(Sdp("m=video 9 RTP/AVP 96", "a=rtpmap:96 rtx/90000", "a=fmtp:96 apt=abc"), SdpParseErrorKind.MalformedFmtp, 7);
    }

    [Fact]
    public void Session_level_transport_attributes_are_inherited_and_media_level_wins()
    {
        var d = SdpTestData.Parse(Sdp("a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsession22", Fp, "a=setup:actpass", "a=extmap:5 urn:x", "a=inactive",
            "m=audio 9 RTP/AVP 0", "m=audio 9 RTP/AVP 0", "a=ice-ufrag:medi", "a=setup:active", "a=extmap:6 urn:y", "a=sendrecv"));
        Assert.Equal(("sess", DtlsSetup.ActPass, MediaDirection.Inactive), (d.Sections[0].IceUfrag, d.Sections[0].Setup, d.Sections[0].Direction));
        Assert.Equal("urn:x", d.Sections[0].GetExtensionUri(5));
        Assert.Equal(("medi", DtlsSetup.Active, MediaDirection.SendRecv), (d.Sections[1].IceUfrag, d.Sections[1].Setup, d.Sections[1].Direction));
        Assert.Null(d.Sections[1].GetExtensionUri(5));
        Assert.Equal("sessionpasswordsession22", d.Sections[1].IcePwd);
        Assert.Single(d.Sections[1].Fingerprints);
    }

    [Fact]
    public void Tolerated_forms_parse()
    {
        // LF endings, blank lines, no final newline, static payload types without rtpmap, an rtpmap for an
        // unlisted payload type (ignored, as libwebrtc does), "*" feedback, legacy sctpmap and simulcast "rid=".
        var text = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\n\nt=0 0\nm=audio 0 RTP/AVP 0 8\na=rtpmap:111 opus/48000/2\na=rtcp-fb:* nack\na=bundle-only\n"
                 + "m=application 9 DTLS/SCTP 5000\na=sctpmap:5000 webrtc-datachannel 1024\n"
                 + "m=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\na=rid:1 send\na=rid:2 send\na=simulcast:send rid=1;~2\na=extmap:7/sendonly urn:z attr";
        var d = SdpTestData.Parse(text);
        var audio = d.Sections[0];
        Assert.Equal(["PCMU", "PCMA"], audio.Codecs.Select(c => c.Name));
        Assert.All(audio.Codecs, c => Assert.Equal([RtcpFeedback.Nack], c.RtcpFeedback));
        Assert.False(audio.IsRejected);
        Assert.True(audio.IsBundleOnly);
        Assert.Equal(5000, d.Sections[1].SctpPort);
        Assert.Equal([new SimulcastRid("1"), new SimulcastRid("2", true)], d.Sections[2].Simulcast!.Send.Select(s => s[0]));
        Assert.Equal(new HeaderExtension(7, "urn:z", MediaDirection.SendOnly, "attr"), d.Sections[2].HeaderExtensions[0]);
        Assert.Equal("7/sendonly urn:z attr", d.Sections[2].HeaderExtensions[0].ToString());
    }

    [Fact]
    public void Fingerprint_round_trips_and_matches_in_constant_time()
    {
        Assert.True(SdpFingerprint.TryParse("SHA-256 " + string.Join(":", Enumerable.Range(0, 32).Select(i => i.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), out var fp));
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.True(fp.Matches(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.False(fp.Matches(new byte[32]));
        Assert.True(SdpFingerprint.TryParse(fp.ToString(), out var again));
        Assert.Equal(fp, again);
    }

    [Fact]
    public void Trickled_candidate_strings_parse_and_host_candidates_write_rfc_priorities()
    {
        Assert.True(IceCandidate.TryParse("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 7wom network-cost 999", out var c));
        Assert.Equal(("srflx", "0.0.0.0", 0, 3), (c.Type, c.RelatedAddress, c.RelatedPort!.Value, c.Extensions!.Count));
        Assert.True(IceCandidate.TryParse("1 1 udp 2122262783 3b1a1b7a-8f58-4b1d-a0a8-6c4f1b5b1a0e.local 54321 typ host", out var mdns));
        Assert.EndsWith(".local", mdns.Address, StringComparison.Ordinal);
        var host = IceCandidate.Host("1", "127.0.0.1", 7882);
        Assert.Equal((126u << 24) | (65535u << 8) | 255u, host.Priority);
        Assert.Equal("1 1 udp 2130706431 127.0.0.1 7882 typ host", host.ToString());
        Assert.Equal("1 1 tcp 2130706431 127.0.0.1 7881 typ host tcptype passive", IceCandidate.Host("1", "127.0.0.1", 7881, "tcp").ToString());
    }
}
