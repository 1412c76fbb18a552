using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Auth;

/// <summary>
/// The lowercase TrackSource names tokens use in <c>canPublishSources</c> (protocol <c>sourceToString</c>:
/// "camera", "microphone", "screen_share", "screen_share_audio").
/// </summary>
public static class TrackSourceNames
{
    /// <summary>The token name of a source ("unknown" for Unknown).</summary>
    public static string ToName(TrackSource source) => source switch
    {
        TrackSource.Camera => "camera",
        TrackSource.Microphone => "microphone",
        TrackSource.ScreenShare => "screen_share",
        TrackSource.ScreenShareAudio => "screen_share_audio",
        _ => "unknown",
    };

    /// <summary>Parses a token name (case-insensitive, as LiveKit upper-cases before its enum lookup).</summary>
    public static bool TryParse(string? name, out TrackSource source)
    {
        source = TrackSource.Unknown;
        if (name is null) return false;
        if (name.Equals("camera", StringComparison.OrdinalIgnoreCase)) source = TrackSource.Camera;
        else if (name.Equals("microphone", StringComparison.OrdinalIgnoreCase)) source = TrackSource.Microphone;
        else if (name.Equals("screen_share", StringComparison.OrdinalIgnoreCase)) source = TrackSource.ScreenShare;
        else if (name.Equals("screen_share_audio", StringComparison.OrdinalIgnoreCase)) source = TrackSource.ScreenShareAudio;
        else return false;
        return true;
    }
}
