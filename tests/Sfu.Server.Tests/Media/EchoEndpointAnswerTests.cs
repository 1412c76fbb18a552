using System.Net;
using System.Text;
using Sfu.Core.Sdp;

namespace Sfu.Server.Tests.Media;

/// <summary>
/// Issue 7: the echo endpoint's answer signals the server's own SSRCs on each sendrecv section (a=ssrc with
/// cname and msid, a=msid, and an RTX FID group on video), distinct from the peer's, and keeps transport-cc
/// so that the echo's own receiver feedback is understood. Chromium's captured offer, no browser needed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EchoEndpointAnswerTests
{
    [Fact]
    public async Task Answer_to_Chromiums_offer_signals_the_servers_own_SSRCs_msid_and_FID_on_each_sendrecv_section()
    {
        var offerText = await File.ReadAllTextAsync(Fixtures.Path("sdp/chromium-audio-video.sdp"));
        Assert.True(SessionDescription.TryParse(offerText, out var offer, out var error), error?.ToString());
        var offered = offer.Sections.SelectMany(s => s.Ssrcs.Select(x => x.Ssrc)).ToList();

        var (app, httpPort, _) = await EchoHarness.StartServerAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var body = new StringContent(offerText, Encoding.UTF8, "application/sdp");
            using var res = await http.PostAsync(new Uri($"http://127.0.0.1:{httpPort}/debug/echo"), body);
            var text = await res.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            Assert.True(SessionDescription.TryParse(text, out var answer, out error), error?.ToString());
            Assert.Equal(2, answer.Sections.Count);
            foreach (var s in answer.Sections)
            {
                Assert.Equal(MediaDirection.SendRecv, s.Direction);
                Assert.NotNull(s.Msid);
                Assert.NotEmpty(s.Ssrcs);
                Assert.All(s.Ssrcs, x => Assert.DoesNotContain(x.Ssrc, offered));
                Assert.All(s.Ssrcs, x => Assert.False(string.IsNullOrEmpty(x.Cname)));
                Assert.Contains(s.Codecs, c => c.HasFeedback(RtcpFeedback.TransportCc));
                if (s.Kind == MediaKind.Video)
                {
                    var fid = Assert.Single(s.SsrcGroups, g => g.Semantics == SsrcGroup.Fid);
                    Assert.Equal(2, fid.Ssrcs.Count);
                    Assert.NotEqual(fid.Ssrcs[0], fid.Ssrcs[1]);
                }
            }
            Assert.Contains("a=setup:passive", text, StringComparison.Ordinal);
        }
        finally { await EchoHarness.StopAsync(app); }
    }
}
