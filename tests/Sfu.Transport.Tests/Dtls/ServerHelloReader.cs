using System.Buffers.Binary;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Just enough of a DTLS 1.2 ServerHello parser for the tests (RFC 6347 §4.2.2 handshake header,
/// RFC 5246 §7.4.1.3 ServerHello, RFC 5764 §4.1.1 use_srtp).
/// </summary>
internal static class ServerHelloReader
{
    public sealed record ServerHello(ushort RecordVersion, ushort ServerVersion, ushort CipherSuite, ushort[] SrtpProfiles, ushort[] ExtensionTypes);

    /// <summary>Finds a whole (unfragmented) ServerHello in a datagram's first record, or null.</summary>
    public static ServerHello? TryRead(ReadOnlySpan<byte> datagram)
    {
        if (!Sfu.Transport.Dtls.DtlsRecordHeader.TryParse(datagram, out var record, out _)) return null;
        if (record.ContentType != Sfu.Transport.Dtls.DtlsRecordHeader.ContentHandshake || record.Epoch != 0) return null;
        var fragment = record.Fragment;
        // msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3)
        if (fragment.Length < 12 || fragment[0] != 2) return null;
        var length = (fragment[1] << 16) | (fragment[2] << 8) | fragment[3];
        var fragmentOffset = (fragment[6] << 16) | (fragment[7] << 8) | fragment[8];
        var fragmentLength = (fragment[9] << 16) | (fragment[10] << 8) | fragment[11];
        Assert.Equal(0, fragmentOffset);
        Assert.Equal(length, fragmentLength);
        var body = fragment.Slice(12, length);
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var at = 2 + 32; // server_version, random
        at += 1 + body[at]; // session_id
        var cipherSuite = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        at += 2 + 1; // cipher_suite, compression_method
        var profiles = new List<ushort>();
        var types = new List<ushort>();
        if (at < body.Length)
        {
            var extensionsEnd = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            at += 2;
            while (at < extensionsEnd)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
                var extLength = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
                var data = body.Slice(at + 4, extLength);
                types.Add(type);
                if (type == 0x000E)
                {
                    var profilesLength = BinaryPrimitives.ReadUInt16BigEndian(data);
                    for (var i = 0; i < profilesLength; i += 2)
                        profiles.Add(BinaryPrimitives.ReadUInt16BigEndian(data[(2 + i)..]));
                    Assert.Equal(0, data[2 + profilesLength]); // no MKI
                }
                at += 4 + extLength;
            }
        }
        return new ServerHello(record.Version, version, cipherSuite, [.. profiles], [.. types]);
    }
}
