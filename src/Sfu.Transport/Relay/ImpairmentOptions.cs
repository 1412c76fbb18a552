namespace Sfu.Transport.Relay;

/// <summary>What the <see cref="ImpairmentRelay"/> does to each direction's datagrams.</summary>
/// <remarks>
/// Burst loss is a two-state Gilbert-Elliott model: in the good state a datagram is lost with
/// <see cref="LossRate"/>; each datagram moves the chain to the bad state with <see cref="BurstStartProbability"/>,
/// where it is lost with <see cref="BurstLossRate"/> and leaves with <see cref="BurstEndProbability"/>.
/// </remarks>
public sealed record ImpairmentOptions
{
    /// <summary>Independent loss probability (0..1) in the good state.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability per datagram of entering a loss burst (0 disables bursts).</summary>
    public double BurstStartProbability { get; init; }

    /// <summary>Probability per datagram of leaving a burst.</summary>
    public double BurstEndProbability { get; init; } = 0.5;

    /// <summary>Loss probability inside a burst.</summary>
    public double BurstLossRate { get; init; } = 1.0;

    /// <summary>Fixed one-way delay.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Uniform extra delay in [0, Jitter) per datagram (reorders when larger than the gap between datagrams).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability that a datagram is held back and sent after the next one.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Probability that a datagram is sent twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Bytes per second (token bucket; 0 = unlimited). Datagrams beyond the bucket are dropped, like a policer.</summary>
    public long RateLimitBytesPerSecond { get; init; }

    /// <summary>Burst size of the token bucket in bytes.</summary>
    public int RateLimitBurstBytes { get; init; } = 64 * 1024;

    /// <summary>Seed of the random source (a run is reproducible for a given arrival order).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>No impairment.</summary>
    public static ImpairmentOptions None { get; } = new();

    /// <summary>
    /// Drops the datagrams it returns true for (counted as lost), before any other impairment: for tests
    /// that must lose one specific packet, such as a DTLS server's final flight.
    /// </summary>
    public Func<byte[], bool>? DropFilter { get; init; }
}
