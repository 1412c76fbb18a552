using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Peer;
using Sfu.Transport.Peer.Echo;
using Sfu.Transport.Tests.Sharding;

namespace Sfu.Transport.Tests.Peer;

/// <summary>
/// Issue 7's echo over a real shard and SRTP (DTLS stubbed): RTP comes back on the server's SSRC; PLI, FIR and
/// NACK about the server's SSRC are reflected to the peer's sender with the SSRCs swapped; and the echo gives
/// the sender a receiver's own feedback (transport-cc, receiver report) without being asked.
/// </summary>
[Collection(SocketTests.Collection)]
public sealed class EchoMediaHandlerTests
{
    private const int TccId = 3;
    private const uint Media = 0x1111, Rtx = 0x2222, Local = 0xAAAA, LocalRtx = 0xBBBB, PeerReceiver = 0x5555;
    private static readonly IceCredentials Credentials = new("echoUfrg", "echopassword0123456789xyz");
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    [Fact]
    public void Echoes_RTP_reflects_PLI_FIR_NACK_with_SSRCs_swapped_and_sends_its_own_transport_cc_and_receiver_report()
    {
        var map = new EchoStreamMap();
        map.Add("1", isVideo: true, Local, LocalRtx);
        map.Bind("1", Media, rtx: false);
        map.Bind("1", Rtx, rtx: true);
        var extensions = new RtpHeaderExtensionMap();
        extensions.Register(TccId, RtpExtensionUri.TransportWideCc);
        var handler = new EchoMediaHandler(map, extensions, transportCc: true);

        using var udp = ShardTests.Start();
        var shard = udp.Shards[0];
        var server = shard.LocalEndPoints[0];
        WebRtcTransportKeyHoldTests.FakeDtls? dtls = null;
        var options = new DtlsOptions { Certificate = Certificate, RemoteFingerprint = Certificate.Fingerprint };
        var transport = new WebRtcTransport(Credentials, options, handler, null, null, null, (o, _) => dtls = new WebRtcTransportKeyHoldTests.FakeDtls(o));
        Assert.True(shard.AddSession(transport, Credentials.Ufrag));
        using var peer = new TestPeer();
        peer.Send(StunRequests.Binding(Credentials.Ufrag + ":peer", Credentials.Password), server);
        Assert.NotNull(peer.Receive());
        peer.Send([22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], server);
        Assert.True(Eventually.True(() => dtls is { Datagrams: 1 }));
        var material = RandomNumberGenerator.GetBytes(SrtpKeyingMaterial.GetLength(SrtpProfile.AeadAes128Gcm));
        dtls!.Complete(new DtlsSrtpKeys(DtlsSrtpProfile.AeadAes128Gcm, DtlsRole.Server, material));
        Assert.True(Eventually.True(() => transport.IsConnected));
        using var tx = SrtpKeyingMaterial.CreateOutbound(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Client);
        using var rx = SrtpKeyingMaterial.CreateInbound(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Client);

        // Media from the peer's sender, with transport-wide sequence numbers.
        for (ushort i = 0; i < 5; i++) peer.Send(ProtectRtp(tx, Media, (ushort)(100 + i), (ushort)(7 + i)), server);
        // Its receiver asks, about the server's SSRCs, for a picture, a full intra frame and a retransmission.
        var fb = new byte[256];
        var n = RtcpPictureLossIndication.Write(fb, PeerReceiver, Local);
        n += RtcpFullIntraRequest.Write(fb.AsSpan(n), PeerReceiver, Local, 1);
        // 50 was never received (only the peer's sender can repair it); 102 was echoed and is resent from the cache.
        n += RtcpGenericNack.Write(fb.AsSpan(n), PeerReceiver, Local, [50, 102]);
        Assert.True(tx.TryProtectRtcp(fb, n, out var protectedLength));
        peer.Send(fb[..protectedLength], server);

        var echoed = 0;
        var seqs = new List<int>();
        var reflected = false;
        var firReflected = false;
        var nackReflected = false;
        var transportCc = false;
        var report = false;
        var deadline = Environment.TickCount64 + 10_000;
        while (!(echoed == 6 && reflected && firReflected && nackReflected && transportCc && report) && Environment.TickCount64 < deadline)
        {
            if (peer.Receive(500) is not { } d) continue;
            var packet = d.Data;
            if (packet.Length > 1 && packet[1] is >= 192 and <= 223)
            {
                Assert.True(rx.TryUnprotectRtcp(packet, out var plain, out var error), error.ToString());
                Assert.True(RtcpCompoundReader.TryParse(packet.AsSpan(0, plain), out var reader, out _));
                while (reader.MoveNext())
                {
                    var p = reader.Current;
                    switch (reader.CurrentType, reader.CurrentCount)
                    {
                        case (RtcpPacketType.PayloadFeedback, 1):
                            Assert.True(RtcpPictureLossIndication.TryParse(p, out _, out _));
                            Assert.Equal(Media, RtcpFeedbackHeader.GetMediaSsrc(p));
                            Assert.Equal(Local, RtcpFeedbackHeader.GetSenderSsrc(p));
                            reflected = true;
                            break;
                        case (RtcpPacketType.PayloadFeedback, 4):
                            Assert.True(RtcpFullIntraRequest.TryParse(p, out var fir, out _));
                            Assert.Equal(Media, fir.GetEntry(0).Ssrc);
                            firReflected = true;
                            break;
                        case (RtcpPacketType.TransportFeedback, 1):
                            Assert.Equal(Media, RtcpFeedbackHeader.GetMediaSsrc(p));
                            nackReflected = true;
                            break;
                        case (RtcpPacketType.TransportFeedback, 15):
                            Assert.True(RtcpTransportFeedback.TryParse(p, out var tcc, out _));
                            Assert.Equal(Local, tcc.SenderSsrc);
                            transportCc = true;
                            break;
                        case (RtcpPacketType.ReceiverReport, 1):
                            Assert.True(RtcpReceiverReport.TryParse(p, out var rr, out _));
                            Assert.Equal(Media, rr.GetReportBlock(0).Ssrc);
                            Assert.Equal(0, rr.GetReportBlock(0).CumulativeLost);
                            report = true;
                            break;
                    }
                }
            }
            else
            {
                // The test's receiver got 102 the first time, so its replay window refuses the resend (a receiver
                // that lost it accepts it); the header is readable either way.
                Assert.True(rx.TryUnprotectRtp(packet, out _, out var error) || error == SrtpError.Replay, error.ToString());
                Assert.Equal(Local, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)));
                seqs.Add(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
                echoed++;
            }
        }
        Assert.Equal(6, echoed);
        Assert.Equal([100, 101, 102, 102, 103, 104], seqs.Order());
        Assert.Equal(1, map.Sections.Single().Sent!.Resent);
        Assert.True(reflected, "PLI not reflected");
        Assert.True(firReflected, "FIR not reflected");
        Assert.True(nackReflected, "NACK not reflected");
        Assert.True(transportCc, "no transport-cc feedback");
        Assert.True(report, "no receiver report");
        Assert.Equal(5, handler.Echoed); // the resend is not an echo
        Assert.Equal(1, handler.FeedbackReflected);
    }

    private static byte[] ProtectRtp(SrtpContext tx, uint ssrc, ushort seq, ushort tseq)
    {
        var buffer = new byte[256];
        byte[] header = [0x90, 96, (byte)(seq >> 8), (byte)seq, 0, 0, 0x10, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 1, (TccId << 4) | 1, (byte)(tseq >> 8), (byte)tseq, 0];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), ssrc);
        header.CopyTo(buffer, 0);
        buffer[header.Length] = 0x42;
        Assert.True(tx.TryProtectRtp(buffer, header.Length + 100, out var length));
        return buffer[..length];
    }
}
