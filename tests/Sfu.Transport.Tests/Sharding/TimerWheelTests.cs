using CsCheck;
using Sfu.Transport.Sharding;

namespace Sfu.Transport.Tests.Sharding;

public class TimerWheelTests
{
    private sealed class Item(int id)
    {
        public int Id { get; } = id;
    }

    private static List<int> Expire(TimerWheel<Item> wheel, long now)
    {
        wheel.Advance(now);
        var fired = new List<int>();
        while (wheel.TryDequeueExpired(out var item)) fired.Add(item.Id);
        return fired;
    }

    [Fact]
    public void Timer_fires_at_its_due_millisecond_and_not_before()
    {
        var wheel = new TimerWheel<Item>(0, 64);
        wheel.Schedule(new Item(1), 10);
        Assert.Empty(Expire(wheel, 9));
        Assert.Equal([1], Expire(wheel, 10));
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Timer_further_than_one_turn_waits_for_its_turn()
    {
        var wheel = new TimerWheel<Item>(0, 64);
        wheel.Schedule(new Item(1), 64 * 3 + 5);
        for (var t = 1; t < 64 * 3 + 5; t += 7) Assert.Empty(Expire(wheel, t));
        Assert.Equal([1], Expire(wheel, 64 * 3 + 5));
    }

    [Fact]
    public void A_jump_of_many_turns_fires_everything_due()
    {
        var wheel = new TimerWheel<Item>(0, 64);
        for (var i = 0; i < 100; i++) wheel.Schedule(new Item(i), i * 13);
        var fired = Expire(wheel, 100_000);
        Assert.Equal(100, fired.Count);
    }

    [Fact]
    public void Cancelled_timer_never_fires_and_a_stale_handle_is_refused()
    {
        var wheel = new TimerWheel<Item>(0, 64);
        var handle = wheel.Schedule(new Item(1), 5);
        Assert.True(wheel.Cancel(handle));
        Assert.False(wheel.Cancel(handle));
        var reused = wheel.Schedule(new Item(2), 6);
        Assert.False(wheel.Cancel(handle)); // same node, new generation
        Assert.Equal([2], Expire(wheel, 6));
        Assert.False(wheel.Cancel(reused));
    }

    [Fact]
    public void Past_due_time_fires_on_the_next_advance()
    {
        var wheel = new TimerWheel<Item>(100, 64);
        wheel.Schedule(new Item(1), 50);
        Assert.Equal(101, wheel.NextDueMs());
        Assert.Equal([1], Expire(wheel, 101));
    }

    [Fact]
    public void Next_due_is_the_earliest_timer_or_the_end_of_the_turn()
    {
        var wheel = new TimerWheel<Item>(0, 64);
        Assert.Equal(long.MaxValue, wheel.NextDueMs());
        wheel.Schedule(new Item(1), 40);
        wheel.Schedule(new Item(2), 30);
        Assert.Equal(30, wheel.NextDueMs());
        var far = new TimerWheel<Item>(0, 64);
        far.Schedule(new Item(3), 1000);
        Assert.Equal(64, far.NextDueMs()); // early, never late
    }

    [Fact]
    public void Wheel_agrees_with_a_sorted_model_for_random_schedules_and_cancels()
    {
        var ops = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3000], Gen.Int[1, 400]).Array[1, 60];
        ops.Sample(list =>
        {
            var wheel = new TimerWheel<Item>(0, 128);
            var model = new Dictionary<int, long>();
            var handles = new Dictionary<int, TimerHandle>();
            long now = 0;
            var id = 0;
            foreach (var (op, due, step) in list)
            {
                switch (op)
                {
                    case 0:
                        var at = Math.Max(now + 1, now + due);
                        handles[id] = wheel.Schedule(new Item(id), at);
                        model[id] = at;
                        id++;
                        break;
                    case 1 when handles.Count > 0:
                        var victim = handles.Keys.First();
                        if (wheel.Cancel(handles[victim]) != model.Remove(victim)) return false;
                        handles.Remove(victim);
                        break;
                    default:
                        now += step;
                        var fired = Expire(wheel, now).Order().ToList();
                        var expected = model.Where(p => p.Value <= now).Select(p => p.Key).Order().ToList();
                        if (!fired.SequenceEqual(expected)) return false;
                        foreach (var f in fired)
                        {
                            model.Remove(f);
                            handles.Remove(f);
                        }
                        if (model.Count > 0 && wheel.NextDueMs() > model.Values.Min()) return false;
                        break;
                }
            }
            return wheel.Count == model.Count;
        }, iter: Math.Max(1, PropertyCases.Count / 20));
    }

    [Fact]
    public void Rescheduling_in_steady_state_allocates_nothing()
    {
        var wheel = new TimerWheel<Item>(0, 1024);
        var item = new Item(1);
        var handle = wheel.Schedule(item, 10);
        long now = 0;
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            wheel.Cancel(handle);
            handle = wheel.Schedule(item, now + 5);
            now += 5;
            wheel.Advance(now);
            while (wheel.TryDequeueExpired(out _)) { }
            handle = wheel.Schedule(item, now + 30);
        }));
    }
}
