namespace Sfu.Transport.Dtls;

/// <summary>Why <see cref="DtlsRecordHeader.TryParse"/> rejected a record.</summary>
public enum DtlsRecordError
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>Fewer than 13 bytes: no room for the record header.</summary>
    TooShort,

    /// <summary>Content type is not one DTLS 1.2 defines (20..25 with heartbeat and tls12_cid).</summary>
    UnknownContentType,

    /// <summary>The version's major byte is not 0xFE (every DTLS version is 0xFExx, RFC 6347 §4.1).</summary>
    NotDtls,

    /// <summary>The length field runs past the end of the datagram.</summary>
    LengthExceedsDatagram,

    /// <summary>The length exceeds 2^14 + 2048, the largest ciphertext RFC 6347 §4.1 / RFC 5246 §6.2.3 allow.</summary>
    LengthTooLarge,
}
