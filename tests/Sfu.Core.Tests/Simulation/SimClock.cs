namespace Sfu.Core.Tests.Simulation;

/// <summary>Virtual time in microseconds; only the harness advances it.</summary>
internal sealed class SimClock
{
    public long NowUs { get; private set; }

    public long NowMs => NowUs / 1000;

    public void AdvanceTo(long us)
    {
        if (us > NowUs) NowUs = us;
    }
}
