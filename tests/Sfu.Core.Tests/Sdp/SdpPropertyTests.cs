using System.Text;
using CsCheck;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>
/// Property tests: random, SDP-shaped and mutated real descriptions. Whatever the input, parsing ends in a
/// description or a parse error (never an exception, never the InternalError kind); a parsed description
/// writes back to text that parses to the same text; and the answerer never throws on anything that parsed.
/// </summary>
public class SdpPropertyTests
{
    private static readonly string[] s_fixtures = SdpTestData.AllFixtureFiles().Select(File.ReadAllText).ToArray();
    private static readonly SdpAnswerer s_answerer = new(SdpTestData.AnswerOptions());

    /// <summary>The invariants every input must keep.</summary>
    private static void Check(string text)
    {
        if (SessionDescription.TryParse(text, out var d, out var e))
        {
            var written = d.ToString();
            Assert.True(SessionDescription.TryParse(written, out var again, out var e2), "a written description must parse: " + e2);
            Assert.Equal(written, again.ToString());
            Assert.Equal(d.Sections.Count, again.Sections.Count);
            // The answerer gets any parsed offer: it answers or refuses, it never throws.
            if (s_answerer.TryCreateAnswer(d, out var answer, out _, out var ne))
                Assert.True(SessionDescription.TryParse(answer.ToString(), out _, out _));
            else
                Assert.NotNull(ne);
        }
        else
        {
            Assert.NotEqual(SdpParseErrorKind.InternalError, e.Kind);
            Assert.InRange(e.LineNumber, 0, SdpLimits.MaxLines + 1);
            Assert.False(string.IsNullOrEmpty(e.Reason));
        }
    }

    [Fact]
    public void Random_strings_never_throw()
    {
        Gen.String[0, 600].Sample(Check, iter: PropertyCases.Count);
    }

    [Fact]
    public void Random_bytes_decoded_as_text_never_throw()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes => Check(Encoding.Latin1.GetString(bytes)), iter: PropertyCases.Count);
    }

    private static readonly string[] s_attributeNames =
    [
        "mid", "rtpmap", "fmtp", "rtcp-fb", "extmap", "ssrc", "ssrc-group", "rid", "simulcast", "msid", "candidate",
        "fingerprint", "ice-ufrag", "ice-pwd", "setup", "group", "sctp-port", "max-message-size", "sctpmap",
        "sendonly", "recvonly", "inactive", "sendrecv", "rtcp-mux", "bundle-only", "end-of-candidates", "ice-lite", "x",
    ];

    private static readonly string[] s_words =
    [
        "0", "1", "9", "14", "15", "63", "64", "96", "127", "128", "255", "256", "4096", "65535", "65536", "4294967295", "4294967296",
        "-1", "99999999999999999999999", "", " ", "  ", "BUNDLE", "FID", "SIM", "send", "recv", "~q", "q", "h;f", "q,h", "rid=",
        "opus/48000/2", "VP8/90000", "rtx/90000", "red/48000/2", "apt=96", "apt=x", "111/111", "nack", "pli", "ccm", "fir", "*",
        "sha-256", "AB:CD", "actpass", "active", "passive", "holdconn", "typ", "host", "udp", "127.0.0.1", "fd00::2", "urn:x",
        "cname:x", "msid:a b", "webrtc-datachannel", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "audio", "video", "application", ":", "/",
    ];

    private static readonly Gen<string> s_word = Gen.OneOf(s_words.Select(Gen.Const).Concat([Gen.String[0, 12]]).ToArray());

    private static readonly Gen<string> s_line = Gen.Frequency(
        (1, Gen.OneOf("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "c=IN IP4 0.0.0.0", "b=AS:30").Select(s => s)),
        (2, Gen.Select(Gen.OneOf("audio", "video", "application", "text"), Gen.OneOf("9", "0", "70000"), Gen.OneOf("UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "RTP/AVP"), s_word.Array[0, 6],
            (m, p, proto, fmts) => $"m={m} {p} {proto} {string.Join(" ", fmts)}")),
        (8, Gen.Select(Gen.OneOf(s_attributeNames), s_word.Array[0, 5], Gen.Bool,
            (name, words, colon) => colon ? $"a={name}:{string.Join(" ", words)}" : $"a={name}")));

    [Fact]
    public void Sdp_shaped_random_descriptions_never_throw_and_round_trip()
    {
        Gen.Select(s_line.Array[0, 40], Gen.Bool).Sample((lines, crlf) =>
            Check("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + string.Join(crlf ? "\r\n" : "\n", lines)), iter: PropertyCases.Count);
    }

    /// <summary>One mutation of a real description: flip, delete, duplicate, swap, truncate, lengthen, renumber.</summary>
    private static string Mutate(string text, int op, int a, int b, char c)
    {
        var lines = text.Split("\r\n").ToList();
        var i = (int)((uint)a % (uint)lines.Count);
        var j = (int)((uint)b % (uint)lines.Count);
        switch (op)
        {
            case 0: // flip one character
                {
                    var p = (int)((uint)a % (uint)text.Length);
                    return string.Concat(text.AsSpan(0, p), c.ToString(), text.AsSpan(p + 1));
                }
            case 1: lines.RemoveAt(i); break;
            case 2: lines.Insert(i, lines[j]); break;
            case 3: (lines[i], lines[j]) = (lines[j], lines[i]); break;
            case 4: return text[..(int)((uint)a % (uint)(text.Length + 1))];
            case 5: lines.Insert(i, "a=" + new string(c, 1 + (int)((uint)b % 5000u))); break;
            case 6: // replace a number with an absurd one
                {
                    var digits = System.Text.RegularExpressions.Regex.Replace(lines[i], "[0-9]+", (b & 3) switch
                    {
                        0 => "99999999999999999999",
                        1 => "-1",
                        2 => "4294967296",
                        _ => ((uint)b).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
                    lines[i] = digits;
                    break;
                }
            case 7: // change the type letter or the attribute name of a line
                lines[i] = lines[i].Length > 0 ? c + lines[i][1..] : lines[i];
                break;
            case 8: // drop a field from a line
                {
                    var words = lines[i].Split(' ').ToList();
                    if (words.Count > 1) words.RemoveAt((int)((uint)b % (uint)words.Count));
                    lines[i] = string.Join(" ", words);
                    break;
                }
            default: // copy a line of one section into another one
                lines.Insert(j, lines[i].Replace("a=mid:", "a=mid:x", StringComparison.Ordinal));
                break;
        }
        return string.Join("\r\n", lines);
    }

    [Fact]
    public void Mutated_real_descriptions_never_throw_and_round_trip()
    {
        Gen.Select(Gen.Int[0, s_fixtures.Length - 1], Gen.Int[0, 9], Gen.Select(Gen.Int, Gen.Int, Gen.Char))
            .Sample((f, op, rest) => Check(Mutate(s_fixtures[f], op, rest.Item1, rest.Item2, rest.Item3)), iter: PropertyCases.Count);
    }

    [Fact]
    public void Every_fixture_passes_the_invariants_unmutated()
    {
        foreach (var f in s_fixtures) Check(f);
        Assert.NotEmpty(s_fixtures);
    }
}
