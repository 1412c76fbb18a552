using CsCheck;
using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Whatever arrives after the handshake, the session survives, nothing unauthenticated is surfaced, and no
/// exception reaches the caller (security.md: never let an exception escape a per-datagram boundary;
/// RFC 6347 §4.1.2.7: invalid records are discarded).
/// </summary>
public sealed class DtlsConnectedInputPropertyTests
{
    private static async Task<(BouncyCastleDtlsEngine Client, BouncyCastleDtlsEngine Server, Observer ServerObserver)> Connect()
    {
        var server = Server();
        var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using (new DtlsLoopback(client, server))
        {
            client.Start();
            await Within(clientObserver.Completed, Generous);
            await Within(serverObserver.Completed, Generous);
            Assert.True(await Eventually(() => server.State == DtlsEngineState.Connected && client.State == DtlsEngineState.Connected, Generous));
        }
        return (client, server, serverObserver);
    }

    [Fact]
    public async Task Random_well_framed_records_never_fail_the_session_nor_surface()
    {
        var (client, server, observer) = await Connect();
        using (client)
        using (server)
        {
            string? firstBreak = null;
            var record = Gen.Select(Gen.Byte[20, 25], Gen.Byte[0xFC, 0xFF], Gen.UShort[0, 2], Gen.Long[0, 1000], Gen.Byte.Array[0, 300]);
            record.Sample((type, minor, epoch, sequence, body) =>
            {
                var datagram = new byte[13 + body.Length];
                datagram[0] = type;
                datagram[1] = 0xFE;
                datagram[2] = minor;
                datagram[3] = (byte)(epoch >> 8);
                datagram[4] = (byte)epoch;
                for (var i = 0; i < 6; i++) datagram[5 + i] = (byte)(sequence >> (8 * (5 - i)));
                datagram[11] = (byte)(body.Length >> 8);
                datagram[12] = (byte)body.Length;
                body.CopyTo(datagram, 13);
                var wasConnected = server.State == DtlsEngineState.Connected;
                server.HandleDatagram(datagram);
                // Report the datagram that broke the session (later cases, and shrinking, see a failed one).
                if (wasConnected && server.State != DtlsEngineState.Connected) firstBreak ??= Convert.ToHexString(datagram) + " -> " + server.Failure;
            }, iter: PropertyCases.Count);
            Assert.Null(firstBreak);

            Assert.True(server.State == DtlsEngineState.Connected, "session failed: " + server.Failure);
            Assert.Empty(observer.Data);
            AssertStillWorks(client, server, observer);
        }
    }

    [Fact]
    public async Task Mutated_real_application_records_are_discarded_and_the_session_survives()
    {
        var (client, server, observer) = await Connect();
        using (client)
        using (server)
        {
            string? firstBreak = null;
            var payload = "a real SCTP packet would be here"u8.ToArray();
            var buffer = new byte[1500];
            Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1499], Gen.Byte[1, 255]).Sample((mode, at, delta) =>
            {
                Assert.True(client.SendApplicationData(payload));
                Assert.True(client.TryPollTransmit(buffer, out var length));
                var datagram = buffer.AsSpan(0, length).ToArray();
                byte[] mutated = mode switch
                {
                    // Flip a ciphertext or tag byte (the header's epoch and sequence stay valid).
                    0 => Flip(datagram, 13 + (at % (length - 13)), delta),
                    // Cut the record short, fixing the length field so the framing stays valid.
                    1 => Truncate(datagram, 13 + (at % (length - 13))),
                    // Alter the header: type, version, epoch, sequence or length.
                    _ => Flip(datagram, at % 13, delta),
                };
                var wasConnected = server.State == DtlsEngineState.Connected;
                server.HandleDatagram(mutated);
                if (wasConnected && server.State != DtlsEngineState.Connected) firstBreak ??= Convert.ToHexString(mutated) + " -> " + server.Failure;
            }, iter: PropertyCases.Count);
            Assert.Null(firstBreak);

            Assert.True(server.State == DtlsEngineState.Connected, "session failed: " + server.Failure);
            // A sequence-number change leaves the ciphertext authentic only if the MAC ignores it, which
            // AEAD does not (the sequence is in the additional data): nothing may get through.
            Assert.Empty(observer.Data);
            Assert.True(server.DiscardedRecords > 0);
            AssertStillWorks(client, server, observer);
        }

        static byte[] Flip(byte[] source, int at, byte delta)
        {
            var copy = source.ToArray();
            copy[at] ^= delta;
            return copy;
        }

        static byte[] Truncate(byte[] source, int newLength)
        {
            var copy = source[..newLength];
            var fragment = newLength - 13;
            copy[11] = (byte)(fragment >> 8);
            copy[12] = (byte)fragment;
            return copy;
        }
    }

    private static void AssertStillWorks(IDtlsEngine client, IDtlsEngine server, Observer observer)
    {
        var before = observer.Data.Length;
        Assert.True(client.SendApplicationData("after the storm"u8));
        var buffer = new byte[1500];
        Assert.True(client.TryPollTransmit(buffer, out var length));
        server.HandleDatagram(buffer.AsSpan(0, length));
        Assert.Equal(before + 1, observer.Data.Length);
        Assert.Equal("after the storm"u8.ToArray(), observer.Data[^1]);
    }
}
