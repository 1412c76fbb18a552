using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>Fixture descriptions and server options shared by the SDP tests.</summary>
internal static class SdpTestData
{
    /// <summary>Every stored description: the SDP fixtures and the capture offers and answers.</summary>
    public static IEnumerable<string> AllFixtureFiles() =>
        Fixtures.Files("sdp", "*.sdp").Concat(Fixtures.Files("capture", "*.sdp"));

    /// <summary>The fixtures that are offers (everything but answers).</summary>
    public static IEnumerable<string> OfferFiles() =>
        AllFixtureFiles().Where(f => !Path.GetFileName(f).Contains("answer", StringComparison.Ordinal));

    public static string Read(string name) => File.ReadAllText(Fixtures.Path(name));

    public static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var d, out var e), e?.ToString());
        return d!;
    }

    public static SessionDescription ParseFixture(string name) => Parse(Read(name));

    public static readonly SdpFingerprint ServerFingerprint = new("sha-256", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static readonly IceCandidate ServerCandidate = IceCandidate.Host("1", "127.0.0.1", 7882);

    public static SdpAnswerOptions AnswerOptions() => new()
    {
        IceUfrag = "SfuUfrag",
        IcePwd = "SfuPasswordSfuPassword24",
        Fingerprint = ServerFingerprint,
        Candidates = [ServerCandidate],
    };

    public static SdpOfferOptions OfferOptions() => new()
    {
        IceUfrag = "SubUfrag",
        IcePwd = "SubPasswordSubPassword24",
        Fingerprint = ServerFingerprint,
        Candidates = [ServerCandidate],
    };

    public static TheoryData<string> Names(IEnumerable<string> files)
    {
        var data = new TheoryData<string>();
        foreach (var f in files) data.Add(Path.GetRelativePath(Fixtures.Root, f).Replace('\\', '/'));
        return data;
    }
}
