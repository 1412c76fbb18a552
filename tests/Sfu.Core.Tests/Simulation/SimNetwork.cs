namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// A seeded, netem-like link: each datagram is lost, delayed (base + uniform jitter, which also reorders) and
/// possibly duplicated; delivery happens when the harness reaches its time. Same seed, same run.
/// </summary>
internal sealed class SimNetwork(int seed)
{
    private readonly Random _random = new(seed);
    private readonly PriorityQueue<(byte[] Data, Action<byte[], long> Deliver), (long, long)> _queue = new();
    private long _order;

    public double Loss { get; set; }
    public double Duplicate { get; set; }
    public int BaseDelayMs { get; set; } = 20;
    public int JitterMs { get; set; }
    public long Sent { get; private set; }
    public long Lost { get; private set; }

    public void Send(ReadOnlySpan<byte> data, long nowUs, Action<byte[], long> deliver)
    {
        Sent++;
        if (_random.NextDouble() < Loss)
        {
            Lost++;
            return;
        }
        var copy = data.ToArray();
        Enqueue(copy, nowUs, deliver);
        if (_random.NextDouble() < Duplicate) Enqueue(copy, nowUs, deliver);
    }

    private void Enqueue(byte[] data, long nowUs, Action<byte[], long> deliver)
    {
        var delayUs = BaseDelayMs * 1000L + (JitterMs > 0 ? _random.NextInt64(JitterMs * 1000L) : 0);
        _queue.Enqueue((data, deliver), (nowUs + delayUs, _order++));
    }

    /// <summary>Delivers every datagram due at or before <paramref name="nowUs"/>, in time order.</summary>
    public void DeliverDue(long nowUs)
    {
        while (_queue.TryPeek(out var item, out var key) && key.Item1 <= nowUs)
        {
            _queue.Dequeue();
            item.Deliver(item.Data, key.Item1);
        }
    }
}
