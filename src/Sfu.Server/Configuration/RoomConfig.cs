namespace Sfu.Server.Configuration;

/// <summary>The <c>room</c> section: defaults for rooms that are not configured through CreateRoom.</summary>
public sealed class RoomConfig
{
    public bool AutoCreate { get; set; } = true;
    /// <summary>Seconds a room nobody joined stays open.</summary>
    public int EmptyTimeout { get; set; } = 300;
    /// <summary>Seconds a room stays open after its last participant left.</summary>
    public int DepartureTimeout { get; set; } = 20;
    /// <summary>0 means no limit.</summary>
    public int MaxParticipants { get; set; }
    /// <summary>Codec mime types accepted for publishing (empty: every codec the server supports).</summary>
    public List<string> EnabledCodecs { get; } = [];
    public bool EnableRemoteUnmute { get; set; }
}
