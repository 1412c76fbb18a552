using CsCheck;
using Sfu.Core.Primitives;

namespace Sfu.Core.Tests.Primitives;

/// <summary>Wrap-aware comparison (RFC 1982 serial arithmetic) and 64-bit unwrapping.</summary>
public class SeqNumTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)]
    [InlineData(100, 65000, true)]
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(32767, 0, true)]
    [InlineData(32768, 0, false)]
    public void IsNewerFollowsSerialArithmetic(int a, int b, bool expected)
    {
        Assert.Equal(expected, SeqNum.IsNewer((ushort)a, (ushort)b));
        if (a != b && (ushort)(a - b) != 0x8000) Assert.Equal(!expected, SeqNum.IsNewer((ushort)b, (ushort)a));
    }

    [Fact]
    public void TimestampComparisonWraps()
    {
        Assert.True(SeqNum.IsNewer(10u, 0xFFFFFFF0u));
        Assert.False(SeqNum.IsNewer(0xFFFFFFF0u, 10u));
        Assert.Equal(26, SeqNum.Diff(10u, 0xFFFFFFF0u));
        Assert.Equal(-2, SeqNum.Diff((ushort)65534, (ushort)0));
        Assert.Equal((ushort)3, SeqNum.Latest(65530, 3));
    }

    [Theory]
    [InlineData(new int[] { 65534, 65535, 0, 1 }, new long[] { 65534, 65535, 65536, 65537 })]
    [InlineData(new int[] { 65535, 1, 0, 65534 }, new long[] { 65535, 65537, 65536, 65534 })]
    [InlineData(new int[] { 10, 5, 65530 }, new long[] { 10, 5, 65530 })]
    [InlineData(new int[] { 0, 40000, 10000 }, new long[] { 0, 40000, 10000 })]
    public void UnwrapperPlacesReorderedAndWrappedValues(int[] input, long[] expected)
    {
        var u = new SequenceUnwrapper();
        Assert.Equal(expected, input.Select(s => u.Unwrap((ushort)s)).ToArray());
        Assert.Equal(expected.Max(), u.Highest);
    }

    [Fact]
    public void UnwrapperFollowsAnyWalkWithStepsUnderHalfTheSpace() =>
        Gen.Select(Gen.UShort, Gen.Int[-32767, 32767].Array[1, 200]).Sample((start, steps) =>
        {
            var u = new SequenceUnwrapper();
            long truth = start + 0x1_0000L * 4; // start well away from zero
            u.Unwrap((ushort)truth);
            var offset = truth - start;
            foreach (var step in steps)
            {
                truth += step;
                if (truth - offset < 0) break; // below index 0 the unwrapper clamps by design
                Assert.Equal(truth - offset, u.Peek((ushort)truth));
                Assert.Equal(truth - offset, u.Unwrap((ushort)truth));
            }
        }, iter: PropertyCases.Count / 10);

    [Fact]
    public void TimestampUnwrapperCrossesTheWrap()
    {
        var u = new TimestampUnwrapper();
        Assert.Equal(0xFFFFFF00L, u.Unwrap(0xFFFFFF00u));
        Assert.Equal(0x1_0000_0100L, u.Unwrap(0x100u));
        Assert.Equal(0xFFFFFFF0L, u.Unwrap(0xFFFFFFF0u));
        Assert.True(u.HasStarted);
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
}
