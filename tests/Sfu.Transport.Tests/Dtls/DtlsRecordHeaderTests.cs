using CsCheck;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>The RFC 6347 §4.1 record view: real Chromium datagrams, bad input, allocation.</summary>
public sealed class DtlsRecordHeaderTests
{
    private static readonly byte[][] s_captured = ChromiumCapture.All()
        .SelectMany(name => ChromiumCapture.Load(name).ClientToServerDatagrams).ToArray();

    [Fact]
    public void Every_captured_Chromium_datagram_is_well_formed()
    {
        Assert.NotEmpty(s_captured);
        foreach (var datagram in s_captured)
        {
            Assert.True(DtlsRecordHeader.TryValidateDatagram(datagram, out var records, out _, out var error), error.ToString());
            Assert.InRange(records, 1, 8);
        }
    }

    [Fact]
    public void Chromium_second_flight_holds_five_records_ending_in_epoch_1_Finished()
    {
        // dtls_datagrams: the 544-byte c2s datagram is Certificate, ClientKeyExchange, CertificateVerify, CCS, Finished.
        var flight = s_captured.First(d => DtlsRecordHeader.TryValidateDatagram(d, out var n, out _, out _) && n == 5);
        var span = flight.AsSpan();
        var types = new List<byte>();
        ushort lastEpoch = 0;
        while (!span.IsEmpty)
        {
            Assert.True(DtlsRecordHeader.TryParse(span, out var record, out _));
            types.Add(record.ContentType);
            lastEpoch = record.Epoch;
            span = span[record.TotalLength..];
        }
        Assert.Equal(new byte[] { 22, 22, 22, 20, 22 }, types);
        Assert.Equal(1, lastEpoch);
    }

    [Fact]
    public void Fields_are_read_from_their_offsets()
    {
        byte[] datagram = [23, 0xFE, 0xFD, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x02, 0xAA, 0xBB];
        Assert.True(DtlsRecordHeader.TryParse(datagram, out var record, out var error));
        Assert.Equal(DtlsRecordError.None, error);
        Assert.Equal(23, record.ContentType);
        Assert.Equal(0xFEFD, record.Version);
        Assert.Equal(1, record.Epoch);
        Assert.Equal(0x0000_0102_0304L, record.SequenceNumber);
        Assert.Equal(2, record.Length);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, record.Fragment.ToArray());
        Assert.Equal(15, record.TotalLength);
    }

    [Theory]
    [InlineData(new byte[] { 22, 0xFE, 0xFD }, DtlsRecordError.TooShort)]
    [InlineData(new byte[] { 19, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, DtlsRecordError.UnknownContentType)]
    [InlineData(new byte[] { 26, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, DtlsRecordError.UnknownContentType)]
    [InlineData(new byte[] { 22, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, DtlsRecordError.NotDtls)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, DtlsRecordError.LengthExceedsDatagram)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF }, DtlsRecordError.LengthTooLarge)]
    public void Bad_headers_are_refused_with_a_reason(byte[] datagram, DtlsRecordError expected)
    {
        Assert.False(DtlsRecordHeader.TryParse(datagram, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_record_make_the_datagram_invalid()
    {
        byte[] datagram = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16];
        Assert.False(DtlsRecordHeader.TryValidateDatagram(datagram, out var records, out _, out var error));
        Assert.Equal(1, records);
        Assert.Equal(DtlsRecordError.TooShort, error);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            if (DtlsRecordHeader.TryValidateDatagram(bytes, out var records, out var app, out _))
                Assert.InRange(app, 0, records);
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Mutated_Chromium_datagrams_never_throw_and_parsed_lengths_stay_in_range()
    {
        var gen = Gen.Select(Gen.Int[0, s_captured.Length - 1], Gen.Int[0, 1499], Gen.Byte, Gen.Int[0, 3]);
        gen.Sample((which, at, value, mode) =>
        {
            var original = s_captured[which];
            var bytes = mode switch
            {
                0 => Flip(original, at % original.Length, value), // overwrite a byte
                1 => original[..(at % original.Length)],          // truncate
                2 => [.. original, .. new byte[at % 64]],           // extend with zeros
                _ => Flip(original, 11 + (at % 2), value),        // corrupt the first length field
            };
            if (DtlsRecordHeader.TryParse(bytes, out var record, out _))
                Assert.InRange(record.TotalLength, DtlsRecordHeader.HeaderLength, bytes.Length);
            DtlsRecordHeader.TryValidateDatagram(bytes, out _, out _, out _);
        }, iter: PropertyCases.Count);

        static byte[] Flip(byte[] source, int at, byte value)
        {
            var copy = source.ToArray();
            copy[at] = value;
            return copy;
        }
    }

    [Fact]
    public void Validating_a_datagram_allocates_nothing()
    {
        var datagram = s_captured[0];
        var allocated = Allocation.Measure(10_000, () => DtlsRecordHeader.TryValidateDatagram(datagram, out _, out _, out _));
        Assert.Equal(0, allocated);
    }
}
