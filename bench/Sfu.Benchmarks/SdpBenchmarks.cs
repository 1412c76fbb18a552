using BenchmarkDotNet.Attributes;
using Sfu.Core.Sdp;

namespace Sfu.Benchmarks;

/// <summary>
/// SDP is control plane (once per offer/answer), so these numbers bound signalling cost, not packet cost:
/// parse, write and answer real descriptions, and build a server offer.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private string _chromium = string.Empty;
    private string _livekit = string.Empty;
    private SessionDescription _chromiumParsed = null!;
    private SessionDescription _livekitParsed = null!;
    private SdpAnswerer _answerer = null!;
    private SdpOfferOptions _offerOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chromium = File.ReadAllText(FixturePath("sdp/chromium-audio-video.sdp"));
        _livekit = File.ReadAllText(FixturePath("sdp/livekit-client-publisher.sdp"));
        if (!SessionDescription.TryParse(_chromium, out var c, out var e) || !SessionDescription.TryParse(_livekit, out var l, out e))
            throw new InvalidOperationException("fixture does not parse: " + e);
        _chromiumParsed = c;
        _livekitParsed = l;
        var fingerprint = new SdpFingerprint("sha-256", new byte[32]);
        _answerer = new SdpAnswerer(new SdpAnswerOptions
        {
            IceUfrag = "SfuUfrag",
            IcePwd = "SfuPasswordSfuPassword24",
            Fingerprint = fingerprint,
            Candidates = [IceCandidate.Host("1", "127.0.0.1", 7882)],
        });
        _offerOptions = new SdpOfferOptions { IceUfrag = "SubUfrag", IcePwd = "SubPasswordSubPassword24", Fingerprint = fingerprint };
    }

    /// <summary>Chromium 156 audio+video offer, 5.4 kB, 2 sections.</summary>
    [Benchmark]
    public bool ParseChromiumOffer() => SessionDescription.TryParse(_chromium, out _, out _);

    /// <summary>livekit-client 2.23 publisher offer, 24 kB, 9 sections.</summary>
    [Benchmark]
    public bool ParseLivekitOffer() => SessionDescription.TryParse(_livekit, out _, out _);

    [Benchmark]
    public string WriteLivekitOffer() => _livekitParsed.ToString();

    /// <summary>Answer plus the negotiated model (includes parsing the written answer back).</summary>
    [Benchmark]
    public bool AnswerChromiumOffer() => _answerer.TryCreateAnswer(_chromiumParsed, out _, out _, out _);

    [Benchmark]
    public bool AnswerLivekitOffer() => _answerer.TryCreateAnswer(_livekitParsed, out _, out _, out _);

    /// <summary>A subscriber offer with the data channel, 2 audio and 8 video tracks.</summary>
    [Benchmark]
    public SessionDescription BuildServerOfferTenTracks()
    {
        var b = new SdpOfferBuilder(_offerOptions);
        for (var i = 0; i < 10; i++)
        {
            var kind = i < 2 ? MediaKind.Audio : MediaKind.Video;
            b.TryAddTrack(new OutgoingTrack(kind, "PA_x|TR_" + i, "TR_" + i, (uint)(100 + 2 * i), kind == MediaKind.Video ? (uint)(101 + 2 * i) : null, "sfu", kind == MediaKind.Video ? "VP8" : null), out _, out _);
        }
        return b.CreateOffer();
    }

    /// <summary>Fixtures beside the repository (shared/fixtures), or SFU_FIXTURES.</summary>
    private static string FixturePath(string relative)
    {
        var env = Environment.GetEnvironmentVariable("SFU_FIXTURES");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(env, relative);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sfu.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Sfu.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", relative));
    }
}
