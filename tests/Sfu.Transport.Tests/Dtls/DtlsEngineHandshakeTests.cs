using Sfu.Transport.Dtls;
using static Sfu.Transport.Tests.Dtls.DtlsTestPeers;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>Our client engine against our server engine, through the in-memory <see cref="DtlsLoopback"/>.</summary>
public sealed class DtlsEngineHandshakeTests
{
    private static async Task<(DtlsSrtpKeys Client, DtlsSrtpKeys Server)> Handshake(
        BouncyCastleDtlsEngine client, BouncyCastleDtlsEngine server, DtlsLoopbackFilter? filter = null)
    {
        var clientObserver = new Observer(client);
        var serverObserver = new Observer(server);
        using var loopback = new DtlsLoopback(client, server, filter);
        client.Start();
        var clientKeys = await Within(clientObserver.Completed, Generous);
        var serverKeys = await Within(serverObserver.Completed, Generous);
        return (clientKeys, serverKeys);
    }

    [Fact]
    public async Task Both_sides_export_the_same_keying_material_with_their_own_roles()
    {
        using var server = Server();
        using var client = Client();
        var (clientKeys, serverKeys) = await Handshake(client, server);

        Assert.Equal(DtlsEngineState.Connected, client.State);
        Assert.Equal(DtlsEngineState.Connected, server.State);
        Assert.Equal(clientKeys.KeyingMaterial.ToArray(), serverKeys.KeyingMaterial.ToArray());
        Assert.Equal(DtlsRole.Client, clientKeys.Role);
        Assert.Equal(DtlsRole.Server, serverKeys.Role);
        // Each side's sending key is the other's receiving key (RFC 5764 §4.2).
        Assert.Equal(clientKeys.LocalKey.ToArray(), serverKeys.RemoteKey.ToArray());
        Assert.Equal(clientKeys.LocalSalt.ToArray(), serverKeys.RemoteSalt.ToArray());
        Assert.NotEqual(clientKeys.LocalKey.ToArray(), clientKeys.RemoteKey.ToArray());
        Assert.Same(serverKeys, server.Keys);
        // The cost figures are filled in by the handshake thread (CPU time is Linux-only).
        Assert.True(await Eventually(() => server.HandshakeWallTime > TimeSpan.Zero, Generous));
        if (OperatingSystem.IsLinux())
        {
            Assert.True(server.HandshakeCpuTime > TimeSpan.Zero);
            Assert.True(server.HandshakeCpuTime <= server.HandshakeWallTime + TimeSpan.FromMilliseconds(20));
        }
    }

    [Fact]
    public async Task Default_preference_negotiates_AEAD_AES_128_GCM()
    {
        using var server = Server();
        using var client = Client(profiles: [DtlsSrtpProfile.AesCm128HmacSha1_80, DtlsSrtpProfile.AeadAes128Gcm]);
        var (clientKeys, serverKeys) = await Handshake(client, server);
        // The client listed CM-80 first; the server's preference wins (RFC 5764 §4.1.1 lets the server choose).
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, clientKeys.Profile);
        Assert.Equal(56, serverKeys.KeyingMaterial.Length);
    }

    [Fact]
    public async Task Server_forced_to_AES_CM_80_negotiates_it()
    {
        using var server = Server(profiles: [DtlsSrtpProfile.AesCm128HmacSha1_80]);
        using var client = Client();
        var (clientKeys, serverKeys) = await Handshake(client, server);
        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, serverKeys.Profile);
        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, clientKeys.Profile);
        Assert.Equal(60, serverKeys.KeyingMaterial.Length);
        Assert.Equal(14, serverKeys.ClientSalt.Length);
    }

    [Fact]
    public async Task Client_offering_only_AES_CM_80_gets_it_from_a_GCM_preferring_server()
    {
        using var server = Server();
        using var client = Client(profiles: [DtlsSrtpProfile.AesCm128HmacSha1_80]);
        var (clientKeys, serverKeys) = await Handshake(client, server);
        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, serverKeys.Profile);
        Assert.Equal(clientKeys.KeyingMaterial.ToArray(), serverKeys.KeyingMaterial.ToArray());
    }

    [Fact]
    public async Task AES_256_GCM_when_both_prefer_it()
    {
        using var server = Server(profiles: [DtlsSrtpProfile.AeadAes256Gcm, DtlsSrtpProfile.AeadAes128Gcm]);
        using var client = Client(profiles: [DtlsSrtpProfile.AeadAes256Gcm]);
        var (_, serverKeys) = await Handshake(client, server);
        Assert.Equal(DtlsSrtpProfile.AeadAes256Gcm, serverKeys.Profile);
        Assert.Equal(32, serverKeys.ServerKey.Length);
        Assert.Equal(88, serverKeys.KeyingMaterial.Length);
    }

    [Fact]
    public async Task No_common_SRTP_profile_fails_both_sides_without_keys()
    {
        using var server = Server(profiles: [DtlsSrtpProfile.AeadAes128Gcm]);
        using var client = Client(profiles: [DtlsSrtpProfile.AesCm128HmacSha1_32]);
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using var loopback = new DtlsLoopback(client, server);
        client.Start();
        var serverFailure = await Within(serverObserver.FailedTask, Generous);
        var clientFailure = await Within(clientObserver.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.AlertSent, serverFailure.Reason);
        Assert.Equal(DtlsFailureReason.AlertReceived, clientFailure.Reason);
        Assert.Null(server.Keys);
        Assert.Null(client.Keys);
    }

    [Fact]
    public async Task Wrong_client_fingerprint_fails_the_server_within_one_second_with_no_keys()
    {
        using var server = Server(expectClient: StrangerCertificate.Fingerprint);
        using var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using var loopback = new DtlsLoopback(client, server);
        // Warm both paths first so the 1 s bound measures the check, not JIT.
        await DtlsWarmup.RunAsync(ServerCertificate, Pool);
        var started = System.Diagnostics.Stopwatch.StartNew();
        client.Start();
        var failure = await Within(serverObserver.FailedTask, Generous);
        started.Stop();
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), "fingerprint failure took " + started.Elapsed);
        Assert.Null(server.Keys);
        Assert.False(serverObserver.Completed.IsCompleted);
        Assert.Equal(DtlsEngineState.Failed, server.State);
        // The client learns through the fatal alert and exports nothing either.
        var clientFailure = await Within(clientObserver.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.AlertReceived, clientFailure.Reason);
        Assert.Null(client.Keys);
    }

    [Fact]
    public async Task Wrong_server_fingerprint_fails_the_client_with_no_keys()
    {
        using var server = Server();
        using var client = Client(expectServer: StrangerCertificate.Fingerprint);
        var clientObserver = new Observer(client);
        var serverObserver = new Observer(server);
        using var loopback = new DtlsLoopback(client, server);
        client.Start();
        var failure = await Within(clientObserver.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Null(client.Keys);
        await Within(serverObserver.FailedTask, Generous);
        Assert.Null(server.Keys);
    }

    [Fact]
    public async Task Silent_peer_times_the_handshake_out()
    {
        using var server = Server(timeout: TimeSpan.FromMilliseconds(600));
        var observer = new Observer(server);
        // A client that sends its ClientHello and then goes silent: its first flight only.
        using var client = Client();
        client.Start();
        var buffer = new byte[1500];
        Assert.True(await Eventually(() => client.TryPollTransmit(buffer, out var n) && Feed(server, buffer, n), Generous));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Within(observer.FailedTask, Generous);
        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), "timeout fired after " + started.Elapsed);
        Assert.Null(server.Keys);
        client.Close();

        static bool Feed(IDtlsEngine engine, byte[] datagram, int length)
        {
            engine.HandleDatagram(datagram.AsSpan(0, length));
            return true;
        }
    }

    [Fact]
    public async Task Close_sends_close_notify_and_the_peer_reports_closed()
    {
        using var server = Server();
        using var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using var loopback = new DtlsLoopback(client, server);
        client.Start();
        await Within(clientObserver.Completed, Generous);
        await Within(serverObserver.Completed, Generous);

        client.Close();
        Assert.Equal(DtlsEngineState.Closed, client.State);
        await Within(serverObserver.ClosedTask, Generous);
        Assert.Equal(DtlsEngineState.Closed, server.State);
        Assert.False(serverObserver.HasFailed);
    }

    [Fact]
    public async Task Application_data_flows_both_ways_after_the_handshake()
    {
        using var server = Server();
        using var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using var loopback = new DtlsLoopback(client, server);
        client.Start();
        await Within(clientObserver.Completed, Generous);
        await Within(serverObserver.Completed, Generous);
        Assert.True(await Eventually(() => server.State == DtlsEngineState.Connected && client.State == DtlsEngineState.Connected, Generous));

        Assert.True(client.SendApplicationData("to server"u8));
        Assert.True(server.SendApplicationData("to client"u8));
        loopback.Kick();
        Assert.True(await Eventually(() => serverObserver.Data.Length == 1 && clientObserver.Data.Length == 1, Generous));
        Assert.Equal("to server"u8.ToArray(), serverObserver.Data[0]);
        Assert.Equal("to client"u8.ToArray(), clientObserver.Data[0]);
        Assert.Equal(1, server.ApplicationRecordsReceived);
    }

    [Fact]
    public async Task Dropped_final_flight_is_retransmitted_when_the_client_resends_its_Finished()
    {
        // BouncyCastle's server sends ChangeCipherSpec and Finished in two datagrams; drop both, once.
        var dropping = 0; // 0: waiting for CCS, 1: CCS dropped, waiting for Finished, 2: done
        var droppedDatagrams = 0;
        bool Filter(bool fromClient, ReadOnlySpan<byte> datagram)
        {
            if (fromClient || dropping == 2) return true;
            if (!DtlsRecordHeader.TryParse(datagram, out var record, out _)) return true;
            if (dropping == 0 && record.ContentType == DtlsRecordHeader.ContentChangeCipherSpec)
            {
                dropping = record.TotalLength < datagram.Length ? 2 : 1; // CCS+Finished in one datagram: done at once
                droppedDatagrams++;
                return false;
            }
            if (dropping == 1 && record.Epoch == 1)
            {
                dropping = 2;
                droppedDatagrams++;
                return false;
            }
            return true;
        }

        using var server = Server();
        using var client = Client();
        var (clientKeys, serverKeys) = await Handshake(client, server, Filter);

        Assert.Equal(2, dropping);
        Assert.InRange(droppedDatagrams, 1, 2);
        Assert.Equal(serverKeys.KeyingMaterial.ToArray(), clientKeys.KeyingMaterial.ToArray());
        Assert.Equal(DtlsEngineState.Connected, server.State);
        Assert.Equal(DtlsEngineState.Connected, client.State);
    }

    [Fact]
    public async Task Garbage_after_the_handshake_is_counted_and_the_session_survives()
    {
        using var server = Server();
        using var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using var loopback = new DtlsLoopback(client, server);
        client.Start();
        await Within(clientObserver.Completed, Generous);
        await Within(serverObserver.Completed, Generous);
        Assert.True(await Eventually(() => server.State == DtlsEngineState.Connected, Generous));
        loopback.Dispose(); // from here this thread plays the shard for the server

        // 1. Malformed framing: a record header whose length runs past the datagram.
        server.HandleDatagram([23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0x10, 0x00, 1, 2, 3]);
        // 2. Well-formed epoch-1 application_data with random "ciphertext": fails authentication inside BouncyCastle.
        var forged = new byte[13 + 40];
        Random.Shared.NextBytes(forged);
        forged[0] = 23; forged[1] = 0xFE; forged[2] = 0xFD; forged[3] = 0; forged[4] = 1;
        forged[11] = 0; forged[12] = 40;
        server.HandleDatagram(forged);
        // 3. An epoch-0 "ChangeCipherSpec" and an unencrypted epoch-0 application_data record (security.md item 1).
        server.HandleDatagram([20, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 99, 0, 1, 1]);
        server.HandleDatagram([23, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 100, 0, 4, (byte)'e', (byte)'v', (byte)'i', (byte)'l']);

        Assert.Equal(DtlsEngineState.Connected, server.State);
        Assert.False(serverObserver.HasFailed);
        Assert.Empty(serverObserver.Data); // nothing unauthenticated surfaced
        Assert.True(server.DiscardedRecords >= 3, "discarded " + server.DiscardedRecords);

        // Real data still gets through.
        Assert.True(client.SendApplicationData("still alive"u8));
        var buffer = new byte[1500];
        Assert.True(client.TryPollTransmit(buffer, out var length));
        server.HandleDatagram(buffer.AsSpan(0, length));
        Assert.Single(serverObserver.Data);
        Assert.Equal("still alive"u8.ToArray(), serverObserver.Data[0]);
    }

    [Fact]
    public async Task Several_application_records_in_one_datagram_are_all_surfaced_in_order()
    {
        using var server = Server();
        using var client = Client();
        var serverObserver = new Observer(server);
        var clientObserver = new Observer(client);
        using (var loopback = new DtlsLoopback(client, server))
        {
            client.Start();
            await Within(clientObserver.Completed, Generous);
            await Within(serverObserver.Completed, Generous);
            Assert.True(await Eventually(() => server.State == DtlsEngineState.Connected, Generous));
        }
        var combined = new List<byte>();
        var buffer = new byte[1500];
        foreach (var text in new[] { "one", "two", "three" })
        {
            Assert.True(client.SendApplicationData(System.Text.Encoding.ASCII.GetBytes(text)));
            Assert.True(client.TryPollTransmit(buffer, out var length));
            combined.AddRange(buffer.AsSpan(0, length).ToArray());
        }
        server.HandleDatagram(combined.ToArray());
        Assert.Equal(["one", "two", "three"], serverObserver.Data.Select(d => System.Text.Encoding.ASCII.GetString(d)));
        Assert.Equal(3, server.ApplicationRecordsReceived);
        Assert.Equal(0, server.DiscardedRecords);
        // Replaying the same datagram surfaces nothing (RFC 6347 §4.1.2.6 replay window) and is counted.
        server.HandleDatagram(combined.ToArray());
        Assert.Equal(3, serverObserver.Data.Length);
        Assert.Equal(3, server.DiscardedRecords);
    }

    [Fact]
    public async Task Client_engine_ignores_datagrams_before_it_is_started()
    {
        using var client = Client();
        client.HandleDatagram([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(DtlsEngineState.New, client.State);
        Assert.Equal(1, client.DroppedDatagrams);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Closing_during_the_handshake_raises_nothing_and_frees_the_pool_thread()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 1);
        using var server = Server(pool: pool);
        var observer = new Observer(server);
        using var client = Client();
        client.Start();
        var buffer = new byte[1500];
        Assert.True(await Eventually(() => client.TryPollTransmit(buffer, out var n) && Feed(server, buffer, n), Generous));
        Assert.True(await Eventually(() => server.TryPollTransmit(buffer, out _), Generous)); // server is mid-handshake
        server.Close();
        client.Close();
        Assert.Equal(DtlsEngineState.Closed, server.State);
        await Task.Delay(200);
        Assert.False(observer.HasFailed);
        Assert.False(observer.Completed.IsCompleted);
        Assert.True(await Eventually(() => pool.Running == 0, Generous));

        static bool Feed(IDtlsEngine engine, byte[] datagram, int length)
        {
            engine.HandleDatagram(datagram.AsSpan(0, length));
            return true;
        }
    }
}
