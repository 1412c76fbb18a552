namespace Sfu.Core.Sdp;

/// <summary>Typed session-level attributes; media sections inherit the transport ones when they do not repeat them.</summary>
internal sealed class SessionLevel
{
    public List<SdpGroup> Groups { get; } = [];
    public bool IceLite { get; set; }
    public string? IceUfrag { get; set; }
    public string? IcePwd { get; set; }
    public List<string> IceOptions { get; } = [];
    public List<SdpFingerprint> Fingerprints { get; } = [];
    public DtlsSetup Setup { get; set; }
    public List<HeaderExtension> Extensions { get; } = [];
    public bool ExtmapAllowMixed { get; set; }
    public MediaDirection? Direction { get; set; }
}
