using CsCheck;
using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

public class ReplayWindowTests
{
    [Fact]
    public void EmptyWindow_AcceptsAnything_ThenNotTheSameIndexAgain()
    {
        var w = new ReplayWindow();
        Assert.True(w.IsEmpty);
        Assert.True(w.IsAcceptable(12345));
        w.Accept(12345);
        Assert.False(w.IsAcceptable(12345));
        Assert.True(w.IsAcceptable(12344));
        Assert.Equal(12345UL, w.Highest);
    }

    [Fact]
    public void Size_OutsideOneTo1024_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(1025));
    }

    [Fact]
    public void AgreesWithASetBasedModel_OnRandomIndexSequences()
    {
        // Model: accepted when above the highest, or (highest - index) < size and never accepted before.
        var gen = Gen.Select(Gen.Int[1, ReplayWindow.MaxSize], Gen.Int[0, 3000].Array[1, 200]);
        gen.Sample((size, deltas) =>
        {
            var w = new ReplayWindow(size);
            var seen = new HashSet<ulong>();
            ulong? highest = null;
            var index = 5000UL;
            foreach (var d in deltas)
            {
                index = (ulong)Math.Max(0, (long)index + d - 1500);
                var expected = highest is null || index > highest ||
                    (highest.Value - index < (ulong)size && !seen.Contains(index));
                if (w.IsAcceptable(index) != expected) return false;
                if (expected)
                {
                    w.Accept(index);
                    seen.Add(index);
                    highest = highest is null ? index : Math.Max(highest.Value, index);
                }
            }
            return true;
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Reset_ForgetsEverything()
    {
        var w = new ReplayWindow(64);
        w.Accept(10);
        w.Reset();
        Assert.True(w.IsEmpty);
        Assert.True(w.IsAcceptable(10));
    }
}
