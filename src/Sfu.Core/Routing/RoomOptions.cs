namespace Sfu.Core.Routing;

/// <summary>Tunables of a room's forwarding engine (defaults follow the issue and libwebrtc's defaults).</summary>
public sealed class RoomOptions
{
    /// <summary>The default options.</summary>
    public static RoomOptions Default { get; } = new();

    /// <summary>NTP time (µs since 1900) of the engine's time origin (time 0); the shard sets it once from the wall clock.</summary>
    public long NtpOriginUs { get; init; } = 3_976_000_000L * 1_000_000;

    /// <summary>Interval between transport-cc feedback packets (the draft suggests 50-100 ms).</summary>
    public int TransportCcIntervalMs { get; init; } = 50;

    /// <summary>Interval between receiver reports to publishers and sender reports to subscribers.</summary>
    public int ReportIntervalMs { get; init; } = 1000;

    /// <summary>At most one PLI/FIR per layer per this interval towards a publisher.</summary>
    public int KeyframeRequestIntervalMs { get; init; } = 500;

    /// <summary>Interval of active-speaker evaluation.</summary>
    public int SpeakerIntervalMs { get; init; } = 300;

    /// <summary>Smallest smoothed loudness (0..127) that counts as speaking.</summary>
    public double SpeakerThreshold { get; init; } = 20;

    /// <summary>
    /// Bitrate announced in REMB to publishers that negotiated goog-remb but not transport-cc: a ceiling, not an
    /// estimate (no receive-side estimator yet). Publishers with transport-cc get no REMB.
    /// </summary>
    public long RembBitrate { get; init; } = 3_000_000;

    /// <summary>Retransmission cache size per published layer.</summary>
    public int RetransmissionCacheSize { get; init; } = 1024;

    /// <summary>Age limit of cached packets.</summary>
    public int RetransmissionCacheMaxAgeMs { get; init; } = 2000;
}
