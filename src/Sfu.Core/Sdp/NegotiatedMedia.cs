using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

/// <summary>
/// What one offer/answer exchange agreed: the contract between signaling, the transport and the forwarding
/// engine. One transport (the BUNDLE group), its remote ICE credentials, candidates and DTLS fingerprints,
/// the local DTLS role, and per mid a <see cref="MediaSectionModel"/> that merges both sides:
/// <list type="bullet">
/// <item>codecs, RTX, RED and header-extension ids are the answer's (an answer reuses the offer's numbers);</item>
/// <item><see cref="MediaSectionModel.Direction"/> is the server's own direction;</item>
/// <item>rids, simulcast, SSRCs, SSRC groups and msid are the remote peer's: what will arrive, and how to tell the streams apart;</item>
/// <item>ICE and fingerprint fields are the remote peer's; <see cref="MediaSectionModel.Setup"/> is the server's role.</item>
/// </list>
/// </summary>
public sealed class NegotiatedMedia
{
    private NegotiatedMedia() { }

    /// <summary>The offer.</summary>
    public SessionDescription Offer { get; private init; } = null!;

    /// <summary>The answer.</summary>
    public SessionDescription Answer { get; private init; } = null!;

    /// <summary>True when the server wrote the offer (LiveKit's subscriber side).</summary>
    public bool LocalIsOfferer { get; private init; }

    /// <summary>The description the server wrote.</summary>
    public SessionDescription Local => LocalIsOfferer ? Offer : Answer;

    /// <summary>The description the peer wrote.</summary>
    public SessionDescription Remote => LocalIsOfferer ? Answer : Offer;

    /// <summary>The server's DTLS role: <see cref="DtlsSetup.Active"/> (DTLS client) or <see cref="DtlsSetup.Passive"/> (DTLS server).</summary>
    public DtlsSetup LocalSetup { get; private init; }

    /// <summary>The mids of the agreed BUNDLE group, in order; the first is the transport's tag.</summary>
    public IReadOnlyList<string> BundleMids { get; private init; } = [];

    /// <summary>The peer's ICE username fragment (the second half of the STUN USERNAME it sends).</summary>
    public string RemoteIceUfrag { get; private init; } = string.Empty;

    /// <summary>The peer's ICE password.</summary>
    public string RemoteIcePwd { get; private init; } = string.Empty;

    /// <summary>The peer's DTLS certificate fingerprints: the certificate it presents must match one.</summary>
    public IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; private init; } = [];

    /// <summary>Candidates the peer signalled in the description (trickled ones arrive separately).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates { get; private init; } = [];

    /// <summary>Every section, in m-line order, including rejected ones.</summary>
    public IReadOnlyList<MediaSectionModel> Sections { get; private init; } = [];

    /// <summary>
    /// The header-extension map of the whole transport: id to URI over every accepted section. RTP is parsed
    /// with it before its mid is known, which is why BUNDLE requires one meaning per id.
    /// </summary>
    public IReadOnlyDictionary<int, string> HeaderExtensions { get; private init; } = new Dictionary<int, string>();

    /// <summary>The accepted data-channel section, or null.</summary>
    public MediaSectionModel? DataChannel => Sections.FirstOrDefault(s => s.Kind == MediaKind.Application && !s.IsRejected);

    /// <summary>The section with this mid, or null.</summary>
    public MediaSectionModel? FindSection(string mid) => Sections.FirstOrDefault(s => s.Mid == mid);

    /// <summary>
    /// Checks that <paramref name="answer"/> answers <paramref name="offer"/> (same sections in the same order,
    /// payload types and extension ids taken from the offer, compatible setup roles) and builds the agreed model.
    /// </summary>
    public static bool TryCreate(SessionDescription offer, SessionDescription answer, bool localIsOfferer,
        [NotNullWhen(true)] out NegotiatedMedia? negotiated, [NotNullWhen(false)] out SdpNegotiationError? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        negotiated = null;
        if (answer.Sections.Count != offer.Sections.Count)
            return Fail(SdpNegotiationErrorKind.SectionMismatch, null, $"the offer has {offer.Sections.Count} sections, the answer {answer.Sections.Count}", out error);
        var answerBundle = answer.BundleGroup?.Mids ?? [];
        var offerBundle = offer.BundleGroup?.Mids ?? [];
        foreach (var mid in answerBundle)
        {
            if (!offerBundle.Contains(mid))
                return Fail(SdpNegotiationErrorKind.SectionMismatch, mid, "the answer bundles a mid the offer did not bundle", out error);
        }

        for (var i = 0; i < offer.Sections.Count; i++)
        {
            var os = offer.Sections[i];
            var a = answer.Sections[i];
            if (os.Description.Media != a.Description.Media || os.Mid != a.Mid)
                return Fail(SdpNegotiationErrorKind.SectionMismatch, a.Mid, $"section {i} is {os.Description.Media} mid {os.Mid} in the offer but {a.Description.Media} mid {a.Mid} in the answer", out error);
            if (a.IsRejected) continue;
            foreach (var c in a.Codecs)
            {
                if (os.FindCodec(c.PayloadType) is null)
                    return Fail(SdpNegotiationErrorKind.UnofferedPayloadType, a.Mid, $"payload type {c.PayloadType} was not offered", out error);
            }
            foreach (var e in a.HeaderExtensions)
            {
                if (os.GetExtensionUri(e.Id) != e.Uri)
                    return Fail(SdpNegotiationErrorKind.UnofferedExtension, a.Mid, $"extension {e.Id} {e.Uri} was not offered with that id", out error);
            }
        }

        if (answerBundle.Count == 0)
        {
            negotiated = Build(offer, answer, localIsOfferer, DtlsSetup.None, [], null);
            error = null;
            return true;
        }

        var offerTag = offer.FindSection(offerBundle[0])!;
        var answerTag = answer.FindSection(answerBundle[0])!;
        var offerSetup = offerTag.Setup == DtlsSetup.None ? DtlsSetup.Active : offerTag.Setup;
        var answerSetup = answerTag.Setup;
        var compatible = (offerSetup, answerSetup) switch
        {
            (DtlsSetup.ActPass, DtlsSetup.Active or DtlsSetup.Passive) => true,
            (DtlsSetup.Active, DtlsSetup.Passive) => true,
            (DtlsSetup.Passive, DtlsSetup.Active) => true,
            _ => false,
        };
        if (!compatible)
            return Fail(SdpNegotiationErrorKind.InvalidSetup, answerTag.Mid, $"offer setup {offerSetup} and answer setup {answerSetup} do not make one DTLS client and one server", out error);
        var localSetup = localIsOfferer ? (answerSetup == DtlsSetup.Active ? DtlsSetup.Passive : DtlsSetup.Active) : answerSetup;

        var remoteTag = localIsOfferer ? answerTag : offerTag;
        if (remoteTag.IceUfrag is null || remoteTag.IcePwd is null)
            return Fail(SdpNegotiationErrorKind.NoIceCredentials, remoteTag.Mid, "the peer gave no a=ice-ufrag / a=ice-pwd", out error);
        if (remoteTag.Fingerprints.Count == 0)
            return Fail(SdpNegotiationErrorKind.NoFingerprint, remoteTag.Mid, "the peer gave no a=fingerprint", out error);

        negotiated = Build(offer, answer, localIsOfferer, localSetup, answerBundle, remoteTag);
        error = null;
        return true;
    }

    private static NegotiatedMedia Build(SessionDescription offer, SessionDescription answer, bool localIsOfferer, DtlsSetup localSetup,
        IReadOnlyList<string> bundle, MediaSectionModel? remoteTag)
    {
        var local = localIsOfferer ? offer : answer;
        var remote = localIsOfferer ? answer : offer;
        var sections = new List<MediaSectionModel>(offer.Sections.Count);
        var extensions = new Dictionary<int, string>();
        var candidates = new List<IceCandidate>();
        for (var i = 0; i < offer.Sections.Count; i++)
        {
            var o = offer.Sections[i];
            var a = answer.Sections[i];
            var l = local.Sections[i];
            var r = remote.Sections[i];
            var rejected = o.IsRejected || a.IsRejected || a.Mid is null || !bundle.Contains(a.Mid);
            if (!rejected)
            {
                foreach (var e in a.HeaderExtensions) extensions.TryAdd(e.Id, e.Uri);
                candidates.AddRange(r.Candidates.Where(c => !candidates.Contains(c)));
            }
            sections.Add(new MediaSectionModel
            {
                Index = i,
                Mid = a.Mid,
                Kind = o.Kind,
                Description = l.Description,
                Port = l.Port,
                Protocol = l.Protocol,
                IsRejected = rejected,
                Direction = rejected ? MediaDirection.Inactive : l.Direction,
                Codecs = rejected ? [] : a.Codecs,
                RtxMap = rejected ? new Dictionary<byte, byte>() : a.RtxMap,
                RedPayloadType = rejected ? null : a.RedPayloadType,
                HeaderExtensions = rejected ? [] : a.HeaderExtensions,
                ExtmapAllowMixed = o.ExtmapAllowMixed && a.ExtmapAllowMixed,
                Rids = r.Rids,
                Simulcast = r.Simulcast,
                Ssrcs = r.Ssrcs,
                SsrcGroups = r.SsrcGroups,
                Msids = r.Msids,
                IceUfrag = r.IceUfrag,
                IcePwd = r.IcePwd,
                IceOptions = r.IceOptions,
                Fingerprints = r.Fingerprints,
                Setup = localSetup,
                Candidates = r.Candidates,
                EndOfCandidates = r.EndOfCandidates,
                RtcpMux = o.RtcpMux && a.RtcpMux,
                RtcpReducedSize = o.RtcpReducedSize && a.RtcpReducedSize,
                SctpPort = r.SctpPort,
                MaxMessageSize = r.MaxMessageSize,
            });
        }
        return new NegotiatedMedia
        {
            Offer = offer,
            Answer = answer,
            LocalIsOfferer = localIsOfferer,
            LocalSetup = localSetup,
            BundleMids = bundle,
            RemoteIceUfrag = remoteTag?.IceUfrag ?? string.Empty,
            RemoteIcePwd = remoteTag?.IcePwd ?? string.Empty,
            RemoteFingerprints = remoteTag?.Fingerprints ?? [],
            RemoteCandidates = candidates,
            Sections = sections,
            HeaderExtensions = extensions,
        };
    }

    private static bool Fail(SdpNegotiationErrorKind kind, string? mid, string reason, out SdpNegotiationError error)
    {
        error = new SdpNegotiationError(kind, mid, reason);
        return false;
    }
}
