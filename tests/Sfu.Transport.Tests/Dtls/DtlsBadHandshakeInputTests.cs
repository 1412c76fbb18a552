using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Handshake-layer inputs that broke other stacks (security.md DTLS items 3, 4, 12): each is ignored, and
/// the real ClientHello that follows still gets its ServerHello.
/// </summary>
public sealed class DtlsBadHandshakeInputTests
{
    private static byte[] HandshakeRecord(byte msgType, int length, int messageSeq, int fragmentOffset, int fragmentLength, int bodyBytes)
    {
        // RFC 6347 §4.1 record header + §4.2.2 handshake header + body.
        var fragment = 12 + bodyBytes;
        var datagram = new byte[13 + fragment];
        datagram[0] = 22; datagram[1] = 0xFE; datagram[2] = 0xFF;
        datagram[11] = (byte)(fragment >> 8); datagram[12] = (byte)fragment;
        var h = datagram.AsSpan(13);
        h[0] = msgType;
        h[1] = (byte)(length >> 16); h[2] = (byte)(length >> 8); h[3] = (byte)length;
        h[4] = (byte)(messageSeq >> 8); h[5] = (byte)messageSeq;
        h[6] = (byte)(fragmentOffset >> 16); h[7] = (byte)(fragmentOffset >> 8); h[8] = (byte)fragmentOffset;
        h[9] = (byte)(fragmentLength >> 16); h[10] = (byte)(fragmentLength >> 8); h[11] = (byte)fragmentLength;
        return datagram;
    }

    /// <summary>Bad input, and whether the session should survive it (false: it must fail fast with an alert, not hang).</summary>
    public static TheoryData<string, byte[], bool> BadInputs() => new()
    {
        { "zero-length fragment of a ClientHello", HandshakeRecord(1, 1413, 0, 0, 0, 0), true },
        { "fragment declaring a 16 MB message", HandshakeRecord(1, 0xFFFFFF, 0, 0xFFFF00, 200, 200), true },
        { "fragment declaring a message just over the 8 KiB cap", HandshakeRecord(1, 8193, 0, 0, 100, 100), true },
        { "fragment running past its message", HandshakeRecord(1, 100, 0, 90, 20, 20), true },
        { "far-future message_seq", HandshakeRecord(1, 100, 5000, 0, 100, 100), true },
        { "Finished in epoch 0", HandshakeRecord(20, 12, 0, 0, 12, 12), true },
        { "handshake header cut short", HandshakeRecord(1, 100, 0, 0, 100, 100)[..20], true },
        // A complete but empty ClientHello cannot be parsed: decode_error, at once (RFC 5246 §7.2.2).
        { "zero-length ClientHello", HandshakeRecord(1, 0, 0, 0, 0, 0), false },
    };

    /// <summary>A copy with another record sequence number (RFC 6347 §4.1 bytes 5..10), as a retransmission would have.</summary>
    private static byte[] WithRecordSequence(byte[] datagram, int sequence)
    {
        var copy = datagram.ToArray();
        if (copy.Length >= 13)
        {
            copy.AsSpan(5, 6).Clear();
            copy[9] = (byte)(sequence >> 8);
            copy[10] = (byte)sequence;
        }
        return copy;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_first_flight_input_is_ignored_and_the_real_ClientHello_is_still_answered(string name, byte[] datagram, bool survives)
    {
        var fixture = ChromiumCapture.Load(ChromiumCapture.All().First());
        using var server = Server(expectClient: fixture.ClientFingerprint);
        var observer = new Observer(server);
        // Fewer than the queue cap, so the real ClientHello is never dropped for lack of room.
        // Each bad record has its own sequence number, and the real ClientHello comes after them with higher
        // ones, like Chromium's retransmissions (equal numbers would be discarded as replays, RFC 6347 §4.1.2.6).
        for (var i = 0; i < 5; i++) server.HandleDatagram(WithRecordSequence(datagram, i));
        var sequence = 10;
        foreach (var hello in fixture.ClientHelloDatagrams) server.HandleDatagram(WithRecordSequence(hello, sequence++));
        // Malformed framing is dropped before queueing; nothing else may be (a session that already failed drops the rest).
        if (survives)
            Assert.Equal(DtlsRecordHeader.TryValidateDatagram(datagram, out _, out _, out _) ? 0 : 5, server.DroppedDatagrams);

        var buffer = new byte[1500];
        ServerHelloReader.ServerHello? serverHello = null;
        Assert.True(await Eventually(() =>
        {
            while (serverHello is null && server.TryPollTransmit(buffer, out var length))
                serverHello = ServerHelloReader.TryRead(buffer.AsSpan(0, length));
            return serverHello is not null || observer.HasFailed;
        }, Generous), name);
        if (!survives)
        {
            var failure = await observer.FailedTask;
            Assert.Equal(DtlsFailureReason.AlertSent, failure.Reason);
            return;
        }
        Assert.False(observer.HasFailed, name + ": " + server.Failure);
        Assert.Equal(0xFEFD, serverHello!.ServerVersion);
        server.Close();
    }

    /// <summary>Truncated server messages (security.md DTLS items 6, 7) sent to a client engine.</summary>
    public static TheoryData<string, byte[]> TruncatedServerMessages() => new()
    {
        { "ServerHello with a 10-byte body", HandshakeRecord(2, 10, 0, 0, 10, 10) },
        { "ServerHello with an empty body", HandshakeRecord(2, 0, 0, 0, 0, 0) },
        { "HelloVerifyRequest with one byte", HandshakeRecord(3, 1, 0, 0, 1, 1) },
        { "HelloVerifyRequest whose cookie length runs past the end", WithBody(HandshakeRecord(3, 4, 0, 0, 4, 4), [0xFE, 0xFD, 32, 0]) },
    };

    [Theory]
    [MemberData(nameof(TruncatedServerMessages))]
    public async Task Client_engine_fails_cleanly_on_a_truncated_server_message(string name, byte[] datagram)
    {
        using var client = Client(timeout: TimeSpan.FromSeconds(5));
        var observer = new Observer(client);
        client.Start();
        var buffer = new byte[1500];
        Assert.True(await Eventually(() => client.TryPollTransmit(buffer, out _), Generous)); // its ClientHello
        client.HandleDatagram(datagram);
        var failure = await Within(observer.FailedTask, Generous);
        // decode_error / illegal_parameter from BouncyCastle, or at worst the timeout: never a crash or a hang.
        Assert.True(failure.Reason is DtlsFailureReason.AlertSent or DtlsFailureReason.Timeout, name + ": " + failure);
        Assert.Null(client.Keys);
    }

    private static byte[] WithBody(byte[] record, byte[] body)
    {
        body.CopyTo(record, 13 + 12);
        return record;
    }
}
