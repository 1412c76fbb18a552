using System.Buffers.Binary;

namespace Sfu.Transport.Dtls;

/// <summary>A view over one DTLS 1.2 record (header and fragment) at the start of a datagram.</summary>
/// <remarks>
/// RFC 6347 §4.1:
/// <code>
///  0        1        2        3        4        5        6 ...     10       11       12
/// +--------+--------+--------+--------+--------+--------+--- ... ---+--------+--------+
/// |  type  |  version (major, minor)  |   epoch (16)    |  sequence_number (48)     |  length (16)   | fragment ...
/// </code>
/// Used to structurally check datagrams before BouncyCastle sees them (so malformed ones are dropped and
/// counted without queueing) and by tests to read flights. Never throws, never reads out of range.
/// </remarks>
public readonly ref struct DtlsRecordHeader
{
    /// <summary>Size of the DTLS 1.2 record header.</summary>
    public const int HeaderLength = 13;

    /// <summary>RFC 5246 §6.2.3: TLSCiphertext.length must not exceed 2^14 + 2048.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    private const int TypeOffset = 0;
    private const int VersionOffset = 1;
    private const int EpochOffset = 3;
    private const int SequenceOffset = 5;
    private const int LengthOffset = 11;

    /// <summary>change_cipher_spec (RFC 5246 §6.2.1).</summary>
    public const byte ContentChangeCipherSpec = 20;

    /// <summary>alert.</summary>
    public const byte ContentAlert = 21;

    /// <summary>handshake.</summary>
    public const byte ContentHandshake = 22;

    /// <summary>application_data.</summary>
    public const byte ContentApplicationData = 23;

    /// <summary>heartbeat (RFC 6520).</summary>
    public const byte ContentHeartbeat = 24;

    /// <summary>tls12_cid (RFC 9146).</summary>
    public const byte ContentTls12Cid = 25;

    private readonly ReadOnlySpan<byte> _record;

    private DtlsRecordHeader(ReadOnlySpan<byte> record) => _record = record;

    /// <summary>The content type byte.</summary>
    public byte ContentType => _record[TypeOffset];

    /// <summary>The record-layer version (0xFEFF for DTLS 1.0, 0xFEFD for DTLS 1.2).</summary>
    public ushort Version => BinaryPrimitives.ReadUInt16BigEndian(_record[VersionOffset..]);

    /// <summary>The epoch: 0 until ChangeCipherSpec, then 1.</summary>
    public ushort Epoch => BinaryPrimitives.ReadUInt16BigEndian(_record[EpochOffset..]);

    /// <summary>The 48-bit sequence number.</summary>
    public long SequenceNumber =>
        ((long)BinaryPrimitives.ReadUInt16BigEndian(_record[SequenceOffset..]) << 32) |
        BinaryPrimitives.ReadUInt32BigEndian(_record[(SequenceOffset + 2)..]);

    /// <summary>The fragment length field.</summary>
    public int Length => BinaryPrimitives.ReadUInt16BigEndian(_record[LengthOffset..]);

    /// <summary>The fragment (plaintext in epoch 0, ciphertext after).</summary>
    public ReadOnlySpan<byte> Fragment => _record.Slice(HeaderLength, Length);

    /// <summary>Header plus fragment: how far to advance to the next record of the datagram.</summary>
    public int TotalLength => HeaderLength + Length;

    /// <summary>Reads the record at the start of <paramref name="datagram"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out DtlsRecordHeader record, out DtlsRecordError error)
    {
        record = default;
        if (datagram.Length < HeaderLength)
        {
            error = DtlsRecordError.TooShort;
            return false;
        }
        var type = datagram[TypeOffset];
        if (type < ContentChangeCipherSpec || type > ContentTls12Cid)
        {
            error = DtlsRecordError.UnknownContentType;
            return false;
        }
        if (datagram[VersionOffset] != 0xFE)
        {
            error = DtlsRecordError.NotDtls;
            return false;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
        if (length > MaxFragmentLength)
        {
            error = DtlsRecordError.LengthTooLarge;
            return false;
        }
        if (HeaderLength + length > datagram.Length)
        {
            error = DtlsRecordError.LengthExceedsDatagram;
            return false;
        }
        record = new DtlsRecordHeader(datagram[..(HeaderLength + length)]);
        error = DtlsRecordError.None;
        return true;
    }

    /// <summary>
    /// Walks every record of a datagram (RFC 6347 §4.1.1: several records may share one datagram).
    /// True when all are well formed; <paramref name="applicationDataRecords"/> counts application_data ones.
    /// </summary>
    public static bool TryValidateDatagram(ReadOnlySpan<byte> datagram, out int records, out int applicationDataRecords, out DtlsRecordError error)
    {
        records = 0;
        applicationDataRecords = 0;
        if (datagram.IsEmpty)
        {
            error = DtlsRecordError.TooShort;
            return false;
        }
        while (!datagram.IsEmpty)
        {
            if (!TryParse(datagram, out var record, out error)) return false;
            records++;
            if (record.ContentType == ContentApplicationData) applicationDataRecords++;
            datagram = datagram[record.TotalLength..];
        }
        error = DtlsRecordError.None;
        return true;
    }
}
