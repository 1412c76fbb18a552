using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Signaling.Protocol;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;
using MediaKind = Sfu.Core.Sdp.MediaKind;
using SdpSession = Sfu.Core.Sdp.SessionDescription;
using SignalSdp = Sfu.Signaling.Protocol.SessionDescription;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// The publisher's offer: answered (setup passive, ice-lite, the server's fingerprint and candidates) with
    /// its id echoed; the publisher connection created on the first one; every new send section bound to the
    /// pending AddTrack whose cid is its a=msid track id, published in the engine, announced, and offered to
    /// auto-subscribers.
    /// </summary>
    private void OnPublisherOffer(RtcParticipant p, SignalSdp offerMessage)
    {
        if (!SdpSession.TryParse(offerMessage.Sdp, out var offer, out var parseError))
        {
            p.Send(Refusal("publisher offer: " + parseError));
            return;
        }
        // An ICE restart by the client (a new ufrag, RFC 8445 §9; livekit-client's resume does one): the answer
        // carries new server credentials too (RFC 8839 §4.4.1.1.1), routed on the shard before the client checks.
        var remoteUfrag = offer.Sections.FirstOrDefault(x => x.IceUfrag is not null)?.IceUfrag;
        if (p.PublisherCreated && remoteUfrag is not null && p.PublisherRemoteUfrag is not null && remoteUfrag != p.PublisherRemoteUfrag)
        {
            var fresh = IceCredentials.Generate();
            p.PublisherIce = fresh;
            Shard.Post(s => p.PublisherTransport?.Restart(fresh, s.NowMs));
        }
        p.PublisherRemoteUfrag = remoteUfrag ?? p.PublisherRemoteUfrag;
        var answerer = new SdpAnswerer(new SdpAnswerOptions
        {
            IceUfrag = p.PublisherIce.Ufrag,
            IcePwd = p.PublisherIce.Password,
            Fingerprint = _media.Fingerprint,
            Candidates = _media.CandidatesFor(Shard),
            SetupRole = DtlsSetup.Passive,
            SessionVersion = ++p.AnswerVersion,
        });
        if (!answerer.TryCreateAnswer(offer, out var answer, out var negotiated, out var error))
        {
            p.Send(Refusal("publisher offer: " + error));
            return;
        }
        p.Send(new SignalResponse { Answer = new SignalSdp { Type = "answer", Sdp = answer.ToString(), Id = offerMessage.Id } });

        if (!p.PublisherCreated && negotiated.RemoteFingerprints.Count > 0
            && DtlsFingerprint.TryParse(negotiated.RemoteFingerprints[0].ToString(), out var remote) && remote is not null)
        {
            p.PublisherCreated = true;
            var firstMid = negotiated.BundleMids.Count > 0 ? negotiated.BundleMids[0] : negotiated.Sections.FirstOrDefault(x => x.Mid is not null)?.Mid ?? "0";
            SendCandidates(p, SignalTarget.Publisher, firstMid, p.PublisherIce.Ufrag);
            var dtls = _media.CreateDtlsOptions(negotiated.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server, remote);
            var ice = p.PublisherIce;
            Shard.Post(s =>
            {
                if (p.Engine is not { IsConnected: true } engine) return;
                var transport = new WebRtcTransport(ice, dtls, CreatePeerHandler(p, engine, subscriber: false), _media.HandshakePool);
                p.PublisherTransport = transport;
                p.Sink.Publisher = transport;
                s.AddSession(transport, ice.Ufrag);
            });
        }

        var extensions = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in negotiated.HeaderExtensions) extensions.Register(id, uri);
        var announced = false;
        foreach (var section in negotiated.Sections)
        {
            if (section.IsRejected || section.Mid is null || section.Kind is not (MediaKind.Audio or MediaKind.Video)) continue;
            var offered = offer.FindSection(section.Mid);
            if (offered is null || offered.Direction is not (MediaDirection.SendOnly or MediaDirection.SendRecv)) continue;
            if (p.Tracks.Any(t => t.Mid == section.Mid)) continue;
            var track = BindPending(p, offered, section);
            if (track is null) continue;
            var info = BuildPublishedInfo(track, offered, section, extensions);
            if (info is null) continue;
            p.PendingByCid.Remove(track.Cid);
            p.Tracks.Add(track);
            track.Mid = section.Mid;
            Notify(RtcRoomEvents.TrackPublished, p, track.Info);
            var muted = track.Info.Muted;
            Shard.Post(s =>
            {
                if (p.Engine is not { IsConnected: true } engine) return;
                track.Engine = Engine.Publish(engine, info);
                if (muted) track.Engine.SetMuted(true, MediaClock.NowUs);
            });
            announced = true;
        }
        if (!announced) return;
        // Everyone learns the new tracks (ParticipantUpdate) before the offer that carries them.
        Announce(p);
        foreach (var o in _participants)
        {
            if (o == p || p.IsHidden || !o.CanSubscribe || !o.Request.AutoSubscribe) continue;
            var any = false;
            foreach (var t in p.Tracks) if (t.IsPublished) any |= AddSubscription(o, t);
            if (any) SendOffer(o);
        }
    }

    /// <summary>The pending AddTrack whose cid is the section's a=msid track id (or one of its simulcast codec cids).</summary>
    private static RtcTrack? BindPending(RtcParticipant p, MediaSectionModel offered, MediaSectionModel section)
    {
        var msidTrack = offered.Msid?.TrackId;
        if (msidTrack is not null)
        {
            if (p.PendingByCid.TryGetValue(msidTrack, out var byCid)) return byCid;
            foreach (var t in p.PendingByCid.Values)
                if (t.Request.SimulcastCodecs.Any(c => c.Cid == msidTrack)) return t;
        }
        // No msid (or an unknown one): the only pending track of the kind, if there is exactly one.
        var kind = section.Kind == MediaKind.Video ? TrackType.Video : TrackType.Audio;
        var candidates = p.PendingByCid.Values.Where(t => t.Info.Type == kind).ToList();
        return candidates.Count == 1 && msidTrack is null ? candidates[0] : null;
    }

    private static PublishedTrackInfo? BuildPublishedInfo(RtcTrack track, MediaSectionModel offered, MediaSectionModel section, RtpHeaderExtensionMap extensions)
    {
        var codecs = new List<TrackCodec>();
        SdpCodec? first = null;
        foreach (var c in section.Codecs)
        {
            if (c.IsRtx || c.IsRed || c.Name.Equals("ulpfec", StringComparison.OrdinalIgnoreCase) || c.Name.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase)) continue;
            byte rtx = 0;
            foreach (var (rtxPt, apt) in section.RtxMap) if (apt == c.PayloadType) rtx = rtxPt;
            codecs.Add(new TrackCodec(c.PayloadType, c.Name, c.ClockRate, rtx));
            first ??= c;
        }
        if (first is null) return null;
        var rids = offered.Rids.Where(r => r.Direction == RidDirection.Send).Select(r => r.Id).ToList();
        var ssrcs = new List<uint>();
        var rtxSsrcs = new List<uint>();
        if (rids.Count == 0)
        {
            var fid = offered.SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.Fid);
            if (fid is { Ssrcs.Count: 2 })
            {
                ssrcs.Add(fid.Ssrcs[0]);
                rtxSsrcs.Add(fid.Ssrcs[1]);
            }
            else if (offered.Ssrcs.Count > 0) ssrcs.Add(offered.Ssrcs[0].Ssrc);
        }
        track.CodecName = first.Name;
        track.CodecFmtp = first.Name.Equals(CodecNames.H264, StringComparison.OrdinalIgnoreCase) ? first.Fmtp : null;
        var mime = (track.Kind == MediaKind.Video ? "video/" : "audio/") + first.Name;
        track.Info.MimeType = mime;
        track.Info.Mid = section.Mid!;
        // rids map to qualities through the publisher's own layer list (PublishedLayers), and the list goes back
        // out completed with each layer's rid, spatial index and SSRC where the offer named one.
        var qualities = PublishedLayers.QualitiesFor(rids, track.Request.Layers);
        var layers = PublishedLayers.Describe(track.Request.Layers, rids, qualities, ssrcs, rtxSsrcs);
#pragma warning disable CS0612 // TrackInfo.layers is deprecated but livekit-client still reads it
        track.Info.Layers.Clear();
        track.Info.Layers.AddRange(layers);
#pragma warning restore CS0612
        var codecInfo = new SimulcastCodecInfo { MimeType = mime, Mid = section.Mid!, Cid = track.Cid, SdpCid = offered.Msid?.TrackId ?? track.Cid };
        codecInfo.Layers.AddRange(layers.Select(l => l.Clone()));
        track.Info.Codecs.Clear();
        track.Info.Codecs.Add(codecInfo);
        return new PublishedTrackInfo
        {
            TrackId = track.Sid,
            Kind = track.Kind == MediaKind.Video ? Sfu.Core.Media.MediaKind.Video : Sfu.Core.Media.MediaKind.Audio,
            Mid = section.Mid!,
            Codecs = codecs,
            Extensions = extensions,
            Ssrcs = ssrcs,
            RtxSsrcs = rtxSsrcs,
            Rids = rids,
            LayerQualities = qualities,
            // LiveKit's Encryption.Type: anything but NONE means the frames are encrypted end to end.
            EndToEndEncrypted = track.Info.Encryption != Encryption.Types.Type.None,
            Nack = first.HasFeedback(RtcpFeedback.Nack),
            Pli = first.HasFeedback(RtcpFeedback.NackPli),
            Fir = first.HasFeedback(RtcpFeedback.CcmFir),
            Remb = first.HasFeedback(RtcpFeedback.GoogRemb),
        };
    }

    /// <summary>Adds a down-track section for <paramref name="track"/> to <paramref name="p"/>'s next offer; false when already there.</summary>
    private bool AddSubscription(RtcParticipant p, RtcTrack track)
    {
        if (p.OfferBuilder is null || p.Subscriptions.ContainsKey(track.Sid)) return false;
        var video = track.Kind == MediaKind.Video;
        var ssrc = RandomSsrc();
        uint? rtx = video ? RandomSsrc() : null;
        if (rtx == ssrc) rtx = ssrc ^ 1;
        var outgoing = new OutgoingTrack(track.Kind, track.Owner.Sid + "|" + track.Sid, track.Sid, ssrc, rtx, track.Owner.Sid, track.CodecName, track.CodecFmtp);
        if (!p.OfferBuilder.TryAddTrack(outgoing, out var mid, out _)) return false;
        p.Subscriptions[track.Sid] = new RtcSubscription(track, ssrc, rtx, mid);
        UpdateSubscribedQualities(track);
        return true;
    }

    /// <summary>Stops sending a track to <paramref name="p"/>: its section goes inactive (reused later).</summary>
    private bool RemoveSubscription(RtcParticipant p, string trackSid)
    {
        if (!p.Subscriptions.Remove(trackSid, out var sub)) return false;
        p.OfferBuilder?.RemoveTrack(trackSid);
        UpdateSubscribedQualities(sub.Track);
        Shard.Post(s =>
        {
            if (sub.Engine is { } d)
            {
                Engine.Unsubscribe(d, MediaClock.NowUs);
                Selector.Remove(d);
            }
            sub.Engine = null;
        });
        return true;
    }

    /// <summary>Sends the next subscriber offer, or marks one due when an offer is outstanding.</summary>
    private void SendOffer(RtcParticipant p)
    {
        if (p.OfferBuilder is null || !p.IsActive) return;
        if (p.OutstandingOffer is not null)
        {
            p.OfferDirty = true;
            return;
        }
        FlushUpdates(p); // the ParticipantUpdate announcing a track must precede the offer carrying it
        var offer = p.OfferBuilder.CreateOffer();
        p.OutstandingOffer = offer;
        p.OutstandingSubscriptions.Clear();
        foreach (var sub in p.Subscriptions.Values)
        {
            sub.Offered = true;
            if (!sub.Bound) p.OutstandingSubscriptions.Add(sub);
        }
        var sdp = offer.ToString();
        p.Send(new SignalResponse { Offer = new SignalSdp { Type = "offer", Sdp = sdp, Id = ++p.OfferId } });
        if (p.OfferId == 1) SendCandidates(p, SignalTarget.Subscriber, offer.Sections[0].Mid ?? "0", p.SubscriberIce.Ufrag);
    }

    /// <summary>The subscriber's answer: the subscriber connection created on the first one, down-tracks for the tracks that offer carried.</summary>
    private void OnSubscriberAnswer(RtcParticipant p, SignalSdp answerMessage)
    {
        var offer = p.OutstandingOffer;
        if (offer is null) return;
        if (!SdpSession.TryParse(answerMessage.Sdp, out var answer, out var parseError)
            || !NegotiatedMedia.TryCreate(offer, answer, localIsOfferer: true, out var negotiated, out var error))
        {
            p.OutstandingOffer = null;
            p.Send(Refusal("subscriber answer: " + (parseError?.ToString() ?? "negotiation failed")));
            return;
        }
        p.OutstandingOffer = null;
        if (!p.SubscriberCreated && negotiated.RemoteFingerprints.Count > 0
            && DtlsFingerprint.TryParse(negotiated.RemoteFingerprints[0].ToString(), out var remote) && remote is not null)
        {
            p.SubscriberCreated = true;
            var dtls = _media.CreateDtlsOptions(negotiated.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server, remote);
            var ice = p.SubscriberIce;
            Shard.Post(s =>
            {
                if (p.Engine is not { IsConnected: true } engine) return;
                var transport = new WebRtcTransport(ice, dtls, CreatePeerHandler(p, engine, subscriber: true), _media.HandshakePool);
                p.SubscriberTransport = transport;
                p.Sink.Subscriber = transport;
                s.AddSession(transport, ice.Ufrag);
            });
        }
        var extensions = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in negotiated.HeaderExtensions) extensions.Register(id, uri);
        foreach (var sub in p.OutstandingSubscriptions)
        {
            if (sub.Bound || !p.Subscriptions.TryGetValue(sub.Track.Sid, out var current) || current != sub) continue;
            var section = negotiated.FindSection(sub.Mid);
            if (section is null || section.IsRejected) continue;
            var codecs = new List<TrackCodec>();
            var nack = false;
            foreach (var c in section.Codecs)
            {
                if (c.IsRtx || c.IsRed) continue;
                byte rtx = 0;
                foreach (var (rtxPt, apt) in section.RtxMap) if (apt == c.PayloadType) rtx = rtxPt;
                codecs.Add(new TrackCodec(c.PayloadType, c.Name, c.ClockRate, rtx));
                nack |= c.HasFeedback(RtcpFeedback.Nack);
            }
            var rtxNegotiated = codecs.Any(c => c.RtxPayloadType != 0);
            var info = new DownTrackInfo
            {
                Ssrc = sub.Ssrc,
                RtxSsrc = rtxNegotiated ? sub.RtxSsrc ?? 0 : 0,
                Mid = sub.Mid,
                Codecs = codecs,
                Extensions = extensions,
                Nack = nack,
            };
            sub.Bound = true;
            var track = sub.Track;
            var disabled = sub.Disabled;
            var quality = sub.MaxQuality;
            var fps = sub.MaxFps;
            Shard.Post(s =>
            {
                if (p.Engine is not { IsConnected: true } engine || track.Engine is not { IsOpen: true } published) return;
                var now = MediaClock.NowUs;
                if (quality != SimulcastLayerSelector.High) Selector.SetMaxQuality(sub.Engine = Engine.Subscribe(engine, published, info, now), quality);
                else sub.Engine = Engine.Subscribe(engine, published, info, now);
                sub.Engine.SetMaxFrameRate(fps);
                if (disabled) sub.Engine.SetPaused(true, now);
            });
        }
        p.OutstandingSubscriptions.Clear();
        if (p.OfferDirty)
        {
            p.OfferDirty = false;
            SendOffer(p);
        }
    }

    /// <summary>
    /// Trickles the server's host candidates too (they are already in the SDP; LiveKit trickles its own), as
    /// the JSON of an RTCIceCandidateInit, which the JS SDK parses.
    /// </summary>
    private void SendCandidates(RtcParticipant p, SignalTarget target, string mid, string ufrag)
    {
        foreach (var c in _media.CandidatesFor(Shard))
        {
            using var buffer = new MemoryStream();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("candidate", "candidate:" + c);
                json.WriteString("sdpMid", mid);
                json.WriteNumber("sdpMLineIndex", 0);
                json.WriteString("usernameFragment", ufrag);
                json.WriteEndObject();
            }
            p.Send(new SignalResponse { Trickle = new TrickleRequest { CandidateInit = System.Text.Encoding.UTF8.GetString(buffer.ToArray()), Target = target } });
        }
    }

    private static SignalResponse Refusal(string message) => new()
    {
        RequestResponse = new RequestResponse { Reason = RequestResponse.Types.Reason.InvalidRequest, Message = message },
    };
}
