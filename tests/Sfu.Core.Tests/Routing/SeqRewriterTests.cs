using CsCheck;
using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Routing;

/// <summary>Table tests in the shape of mediasoup's TestSeqManager, and a property over random drop patterns.</summary>
public class SeqRewriterTests
{
    public enum Op { Forward, Drop, Sync }

    public static TheoryData<string, (Op Op, long Input, SeqResult Result, ushort Output)[]> Tables => new()
    {
        {
            "in order", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Forward, 101, SeqResult.Mapped, 1), (Op.Forward, 102, SeqResult.Mapped, 2)]
        },
        {
            "dropped inputs close ranks", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Drop, 101, SeqResult.Reject, 0), (Op.Forward, 102, SeqResult.Mapped, 1),
                (Op.Drop, 103, SeqResult.Reject, 0), (Op.Drop, 104, SeqResult.Reject, 0), (Op.Forward, 105, SeqResult.Mapped, 2)]
        },
        {
            "a gap keeps its outputs for late packets", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Forward, 103, SeqResult.Mapped, 3),
                (Op.Forward, 102, SeqResult.Mapped, 2), (Op.Forward, 101, SeqResult.Mapped, 1), (Op.Forward, 101, SeqResult.Reject, 0)]
        },
        {
            "a late packet that is dropped fills its hole", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Forward, 102, SeqResult.Mapped, 2),
                (Op.Drop, 101, SeqResult.FillHole, 1), (Op.Drop, 101, SeqResult.Reject, 0), (Op.Forward, 101, SeqResult.Reject, 0)]
        },
        {
            "late packets after a drop keep their old offset", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Forward, 102, SeqResult.Mapped, 2),
                (Op.Drop, 103, SeqResult.Reject, 0), (Op.Forward, 104, SeqResult.Mapped, 3), (Op.Forward, 101, SeqResult.Mapped, 1)]
        },
        {
            "sync continues after the last output", [(Op.Forward, 100, SeqResult.Mapped, 0), (Op.Forward, 101, SeqResult.Mapped, 1),
                (Op.Sync, 0, SeqResult.Mapped, 0), (Op.Forward, 50_000, SeqResult.Mapped, 2), (Op.Forward, 50_001, SeqResult.Mapped, 3),
                (Op.Forward, 101, SeqResult.Reject, 0)]
        },
        {
            "drops before the first forward are ignored", [(Op.Drop, 99, SeqResult.Reject, 0), (Op.Forward, 100, SeqResult.Mapped, 0)]
        },
        {
            "output wraps at 2^16", [(Op.Forward, 65_535, SeqResult.Mapped, 0), (Op.Forward, 65_536, SeqResult.Mapped, 1)]
        },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Table(string name, (Op Op, long Input, SeqResult Result, ushort Output)[] steps)
    {
        var r = new SeqRewriter(0);
        foreach (var (op, input, result, output) in steps)
        {
            if (op == Op.Sync)
            {
                r.Sync();
                continue;
            }
            ushort actual;
            var got = op == Op.Forward ? r.Forward(input, out actual) : r.Drop(input, out actual);
            Assert.True(result == got, $"{name}: {op} {input} gave {got}, expected {result}");
            if (result != SeqResult.Reject) Assert.True(output == actual, $"{name}: {op} {input} gave output {actual}, expected {output}");
        }
    }

    [Fact]
    public void First_output_follows_the_constructor_and_wraps()
    {
        var r = new SeqRewriter(65_534);
        Assert.Equal(SeqResult.Mapped, r.Forward(7, out var a));
        Assert.Equal(SeqResult.Mapped, r.Forward(8, out var b));
        Assert.Equal(SeqResult.Mapped, r.Forward(9, out var c));
        Assert.Equal(new ushort[] { 65_534, 65_535, 0 }, new[] { a, b, c });
    }

    [Fact]
    public void Any_pattern_of_drops_and_reordering_yields_unique_outputs_with_no_gap_once_holes_are_filled()
    {
        var gen = Gen.Select(Gen.Int[0, 3].Array[50, 400], Gen.Int[0, 5].Array[50, 400], Gen.Int[1, 64]);
        gen.Sample((kinds, shuffle, start) =>
        {
            // Inputs 1000..1000+n-1; kind 0 = dropped, 1..3 forwarded; lightly reordered in windows of 4. The first
            // packet is the sync point (the down-track forwards packets that overtook it from the cache, DownTrack.Send).
            var n = Math.Min(kinds.Length, shuffle.Length);
            kinds[0] = 1;
            var order = Enumerable.Range(1, n - 1).Select(i => (Index: i, Key: i + shuffle[i] % 4)).OrderBy(x => x.Key).Select(x => x.Index).Prepend(0).ToList();
            var r = new SeqRewriter((ushort)start);
            var outputs = new HashSet<long>();
            var unwrapper = new Sfu.Core.Primitives.SequenceUnwrapper();
            foreach (var i in order)
            {
                var input = 1000L + i;
                var result = kinds[i] == 0 ? r.Drop(input, out var o) : r.Forward(input, out o);
                if (result == SeqResult.Reject) continue;
                if (!outputs.Add(unwrapper.Unwrap(o))) return false; // never the same output twice
            }
            if (outputs.Count == 0) return true;
            // Every output number between the lowest and the highest was used (mapped or filled).
            return outputs.Max() - outputs.Min() + 1 == outputs.Count;
        }, iter: PropertyCases.Count);
    }
}
