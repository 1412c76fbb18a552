namespace Sfu.Transport.Sharding;

/// <summary>Identifies one scheduled timer of a <see cref="TimerWheel{T}"/>; stale handles are detected by generation.</summary>
public readonly record struct TimerHandle(int Index, int Generation)
{
    /// <summary>False for the default value (no timer).</summary>
    public bool IsValid => Generation != 0;
}
