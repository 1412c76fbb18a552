using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;

namespace Sfu.Core.Tests.Stun;

/// <summary>Edge cases of STUN parsing and building that the RFC vectors do not cover.</summary>
public class StunMessageReaderTests
{
    private static readonly byte[] s_tid = Convert.FromHexString("0102030405060708090a0b0c");

    private static byte[] Build(Action<StunMessageWriterBox> build, ushort type = StunMessageType.BindingRequest)
    {
        var buffer = new byte[512];
        var box = new StunMessageWriterBox(buffer, type, s_tid);
        build(box);
        return buffer[..box.Length];
    }

    [Fact]
    public void UnknownComprehensionRequiredAttributesAreReportedButOptionalOnesAreNot()
    {
        var bytes = Build(w =>
        {
            w.Add((StunAttributeType)0x7F01, [1, 2, 3]);
            w.Add((StunAttributeType)0xC057, [0, 1, 0, 0]);
            w.Add((StunAttributeType)0x0030, []);
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var m, out _));
        Span<ushort> unknown = stackalloc ushort[4];
        var n = m.GetUnknownComprehensionRequired(unknown);
        Assert.Equal(2, n);
        Assert.Equal(0x7F01, unknown[0]);
        Assert.Equal(0x0030, unknown[1]);
    }

    [Fact]
    public void ErrorResponseWith420RoundTripsCodeReasonAndUnknownList()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, s_tid);
        w.AddErrorCode(StunErrorCode.UnknownAttribute, "Unknown Attribute"u8);
        w.AddUnknownAttributes([0x7F01, 0x0030]);
        w.AddFingerprint();
        Assert.True(StunMessageReader.TryParse(w.Written, out var m, out _));
        Assert.Equal(StunClass.ErrorResponse, m.Class);
        Assert.True(m.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(420, code);
        Assert.Equal("Unknown Attribute", System.Text.Encoding.UTF8.GetString(reason));
        Span<ushort> list = stackalloc ushort[4];
        Assert.Equal(2, m.GetUnknownAttributes(list));
        Assert.Equal(0x7F01, list[0]);
        Assert.Equal(0x0030, list[1]);
        Assert.True(m.ValidateFingerprint());
    }

    [Fact]
    public void MessageIntegritySha256VerifiesAndDetectsTampering()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMessageType.BindingRequest, s_tid);
        w.AddUsername("a:b"u8);
        w.AddMessageIntegrity("key"u8);
        w.AddMessageIntegritySha256("key"u8);
        w.AddFingerprint();
        var bytes = w.Written.ToArray();
        Assert.True(StunMessageReader.TryParse(bytes, out var m, out _));
        Assert.True(m.ValidateMessageIntegrity("key"u8));
        Assert.True(m.ValidateMessageIntegritySha256("key"u8));
        Assert.False(m.ValidateMessageIntegritySha256("kez"u8));
        Assert.True(m.ValidateFingerprint());
    }

    [Fact]
    public void AttributesAfterMessageIntegrityAreNotReturnedByLookups()
    {
        var bytes = Build(w =>
        {
            w.Add(StunAttributeType.MessageIntegrity, new byte[20]);
            w.Add(StunAttributeType.Priority, [0, 0, 0, 1]);
        });
        Assert.True(StunMessageReader.TryParse(bytes, out var m, out _));
        Assert.False(m.TryGetPriority(out _));
        var seen = 0;
        foreach (var a in m.GetAttributes()) seen++;
        Assert.Equal(2, seen);
    }

    [Fact]
    public void AnAttributeAfterFingerprintIsRejected()
    {
        var bytes = Build(w =>
        {
            w.Add(StunAttributeType.Fingerprint, [0, 0, 0, 0]);
            w.Add(StunAttributeType.Priority, [0, 0, 0, 1]);
        });
        Assert.False(StunMessageReader.TryParse(bytes, out _, out var reason));
        Assert.Equal(PacketDropReason.Malformed, reason);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    public void ZeroAndOddLengthAttributesParseAndKeepTheirExactLength(int length, bool ok)
    {
        var value = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        var bytes = Build(w => w.Add((StunAttributeType)0x8123, value));
        Assert.Equal(ok, StunMessageReader.TryParse(bytes, out var m, out _));
        Assert.True(m.TryGetAttribute((StunAttributeType)0x8123, out var got));
        Assert.Equal(value, got.ToArray());
    }

    [Fact]
    public void AnAttributeLengthPastTheEndIsTruncated()
    {
        var bytes = Build(w => w.Add(StunAttributeType.Username, [1, 2, 3, 4]));
        bytes[StunMessageReader.HeaderLength + 3] = 9;
        Assert.False(StunMessageReader.TryParse(bytes, out _, out var reason));
        Assert.Equal(PacketDropReason.Truncated, reason);
    }

    [Theory]
    [InlineData(StunAttributeType.MessageIntegrity, 19)]
    [InlineData(StunAttributeType.MessageIntegrity, 0)]
    [InlineData(StunAttributeType.MessageIntegritySha256, 12)]
    [InlineData(StunAttributeType.MessageIntegritySha256, 18)]
    [InlineData(StunAttributeType.Fingerprint, 8)]
    [InlineData(StunAttributeType.XorMappedAddress, 7)]
    public void IntegrityAttributesWithTheWrongSizeAreRejectedOrIgnored(StunAttributeType type, int length)
    {
        var bytes = Build(w => w.Add(type, new byte[length]));
        var parsed = StunMessageReader.TryParse(bytes, out var m, out var reason);
        if (type == StunAttributeType.XorMappedAddress)
        {
            Assert.True(parsed);
            Assert.False(m.TryGetXorMappedAddress(stackalloc byte[16], out _, out _, out _));
        }
        else
        {
            Assert.False(parsed);
            Assert.Equal(PacketDropReason.Malformed, reason);
        }
    }

    [Fact]
    public void HeaderChecksRejectWrongCookieTopBitsAndLengthMismatch()
    {
        var good = Build(w => w.Add(StunAttributeType.UseCandidate, []));
        Assert.True(StunMessageReader.TryParse(good, out _, out _));

        var badCookie = (byte[])good.Clone();
        badCookie[4] ^= 0xFF;
        Assert.False(StunMessageReader.TryParse(badCookie, out _, out var r1));
        Assert.Equal(PacketDropReason.BadVersion, r1);

        var topBits = (byte[])good.Clone();
        topBits[0] |= 0x80;
        Assert.False(StunMessageReader.TryParse(topBits, out _, out _));

        Assert.False(StunMessageReader.TryParse(good.AsSpan(0, good.Length - 4), out _, out var r2));
        Assert.Equal(PacketDropReason.Truncated, r2);

        Assert.False(StunMessageReader.TryParse(good.Concat(new byte[4]).ToArray(), out _, out _));
        Assert.False(StunMessageReader.TryParse(good.AsSpan(0, 19), out _, out var r3));
        Assert.Equal(PacketDropReason.TooShort, r3);
    }

    [Theory]
    [InlineData(StunMethod.Binding, StunClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunClass.Indication, 0x0011)]
    [InlineData(StunMethod.Binding, StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunClass.ErrorResponse, 0x0111)]
    [InlineData((StunMethod)0x003, StunClass.Request, 0x0003)] // TURN Allocate (RFC 8656)
    [InlineData((StunMethod)0xFFF, StunClass.ErrorResponse, 0x3FFF)]
    public void MessageTypeComposesAndDecomposes(StunMethod method, StunClass cls, int expected)
    {
        var type = StunMessageType.Compose(method, cls);
        Assert.Equal(expected, type);
        Assert.Equal(method, StunMessageType.GetMethod(type));
        Assert.Equal(cls, StunMessageType.GetClass(type));
    }

    [Fact]
    public void WriterRefusesAttributesAfterFingerprintAndOverflow()
    {
        var buffer = new byte[32];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new StunMessageWriter(buffer, StunMessageType.BindingRequest, s_tid);
            w.AddFingerprint();
            w.AddUseCandidate();
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var w = new StunMessageWriter(buffer, StunMessageType.BindingRequest, s_tid);
            w.AddUsername(new byte[16]);
        });
    }

    /// <summary>Collects attributes in lambdas (a ref struct writer cannot be captured), then writes them.</summary>
    private sealed class StunMessageWriterBox(byte[] buffer, ushort type, byte[] tid)
    {
        private readonly List<(StunAttributeType Type, byte[] Value)> _attributes = [];

        public int Length => Write();

        public void Add(StunAttributeType t, byte[] value) => _attributes.Add((t, value));

        private int Write()
        {
            var w = new StunMessageWriter(buffer, type, tid);
            foreach (var (t, v) in _attributes) w.AddAttribute(t, v);
            return w.Length;
        }
    }
}
