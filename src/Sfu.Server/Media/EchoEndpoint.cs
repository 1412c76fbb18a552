using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Server.Configuration;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;
using Sfu.Transport.Peer.Echo;

namespace Sfu.Server.Media;

/// <summary>
/// <c>POST /debug/echo</c> (with <c>--echo</c>, loopback clients only): the body is a WebRTC offer, the
/// answer signals the server's own SSRCs on every sendrecv audio and video section, and every packet the
/// peer sends comes back on them, through the real ICE-lite, DTLS and SRTP path. It proves the transport
/// against a real browser without any signaling protocol.
/// </summary>
public static class EchoEndpoint
{
    /// <summary>Largest offer accepted (Chromium's with every codec is about 6 KiB).</summary>
    public const int MaxOfferBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app, MediaHost media, SfuConfig config, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/debug/echo", async (HttpContext ctx) =>
        {
            if (ctx.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
                return Results.Text("the echo endpoint serves loopback clients only", statusCode: StatusCodes.Status403Forbidden);
            if (ctx.Request.ContentLength is > MaxOfferBytes)
                return Results.Text("offer too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            string text;
            using (var reader = new StreamReader(ctx.Request.Body))
                text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
            if (text.Length > MaxOfferBytes)
                return Results.Text("offer too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            var (answer, error) = CreateSession(text, media, config, log);
            if (answer is null)
            {
                MediaLog.EchoRefused(log, error!);
                return Results.Text(error!, statusCode: StatusCodes.Status400BadRequest);
            }
            ctx.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Text(answer, "application/sdp", statusCode: StatusCodes.Status201Created);
        });
    }

    /// <summary>Answers an offer and starts the echo session on a shard; returns the answer SDP or an error.</summary>
    public static (string? Answer, string? Error) CreateSession(string offerText, MediaHost media, SfuConfig config, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(config);
        if (!SessionDescription.TryParse(offerText, out var offer, out var parseError))
            return (null, "offer: " + parseError);

        var shard = media.NextShard();
        var local = IceCredentials.Generate();
        var map = new EchoStreamMap();
        var sendTracks = new Dictionary<string, OutgoingTrack>(StringComparer.Ordinal);
        foreach (var s in offer.Sections)
        {
            if (s.IsRejected || s.Mid is null || s.Direction != MediaDirection.SendRecv || s.Kind is not (MediaKind.Audio or MediaKind.Video)) continue;
            var video = s.Kind == MediaKind.Video;
            var ssrc = RandomSsrc();
            uint? rtxSsrc = video && s.RtxMap.Count > 0 ? RandomSsrc() : null;
            sendTracks[s.Mid] = new OutgoingTrack(s.Kind, "echo", "echo-" + s.Mid, ssrc, rtxSsrc, "sfu-echo");
            map.Add(s.Mid, video, ssrc, rtxSsrc);
        }
        var hasData = offer.Sections.Any(s => s.Kind == MediaKind.Application && !s.IsRejected);
        if (sendTracks.Count == 0 && !hasData) return (null, "the offer has no sendrecv audio, video or data section to echo");

        var answerer = new SdpAnswerer(new SdpAnswerOptions
        {
            IceUfrag = local.Ufrag,
            IcePwd = local.Password,
            Fingerprint = media.SdpFingerprint,
            Candidates = media.CandidatesFor(shard),
            SetupRole = config.Rtc.DtlsSetupActive ? DtlsSetup.Active : DtlsSetup.Passive,
            SendTracks = sendTracks,
        });
        if (!answerer.TryCreateAnswer(offer, out var answer, out var negotiated, out var negotiationError))
            return (null, "negotiation: " + negotiationError);

        // The peer's own SSRCs, where it signalled them (a=ssrc and FID groups); the rest are learnt from mid.
        var extensions = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in negotiated.HeaderExtensions) extensions.Register(id, uri);
        var transportCc = false;
        foreach (var s in negotiated.Sections)
        {
            if (s.Mid is null || !map.TryGetSection(s.Mid, out var section)) continue;
            foreach (var rtxPt in s.RtxMap.Keys) section.RtxPayloadTypes.Add(rtxPt);
            if (s.Codecs.FirstOrDefault(c => !c.IsRtx && !c.IsRed) is { ClockRate: > 0 } codec) section.ClockRate = codec.ClockRate;
            transportCc |= s.Codecs.Any(c => c.HasFeedback(RtcpFeedback.TransportCc));
            var fid = s.SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.Fid);
            if (fid is { Ssrcs.Count: 2 })
            {
                map.Bind(s.Mid, fid.Ssrcs[0], rtx: false);
                map.Bind(s.Mid, fid.Ssrcs[1], rtx: true);
            }
            else if (s.Ssrcs.Count > 0) map.Bind(s.Mid, s.Ssrcs[0].Ssrc, rtx: false);
        }

        if (negotiated.RemoteFingerprints.Count == 0) return (null, "the offer has no a=fingerprint");
        var fp = negotiated.RemoteFingerprints[0];
        if (!DtlsFingerprint.TryParse(fp.ToString(), out var remoteFingerprint) || remoteFingerprint is null)
            return (null, "the offer's fingerprint cannot be used: " + fp);
        var role = negotiated.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        var dtls = new DtlsOptions
        {
            Role = role,
            Certificate = media.Certificate,
            RemoteFingerprint = remoteFingerprint,
            SrtpProfiles = media.SrtpProfiles,
        };
        var handler = new EchoMediaHandler(map, extensions, transportCc);
        var transport = new WebRtcTransport(local, dtls, handler, media.HandshakePool);
        if (!shard.AddSession(transport, local.Ufrag)) return (null, "the media shard is busy; try again");
        MediaLog.EchoCreated(log, local.Ufrag, shard.Index, sendTracks.Count, role.ToString());
        return (answer.ToString(), null);
    }

    private static uint RandomSsrc()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do
        {
            RandomNumberGenerator.Fill(b);
            v = BitConverter.ToUInt32(b);
        } while (v == 0);
        return v;
    }
}
