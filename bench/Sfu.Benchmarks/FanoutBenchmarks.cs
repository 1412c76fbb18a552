using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Buffers;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;

namespace Sfu.Benchmarks;

/// <summary>
/// In-process fan-out of one 1200-byte VP8 stream to N subscribers through the real engine: ingress (copy into a
/// pooled buffer, parse, loss tracking, transport-cc record, cache), one rewrite per subscriber straight into
/// that subscriber's send buffer, and SRTP protect in place with the subscriber's own context and keys.
/// One operation = one publisher packet fanned out to all N subscribers; ns per copy = mean / N.
/// </summary>
[MemoryDiagnoser]
public class FanoutBenchmarks
{
    /// <summary>The shard's send batch: a ring of slots reused after each sendmmsg (here: after 64 packets).</summary>
    private sealed class SendBatch
    {
        private readonly byte[][] _slots = Enumerable.Range(0, 64).Select(_ => new byte[2048]).ToArray();
        private int _next;

        public byte[] Next() => _slots[_next++ & 63];
    }

    /// <summary>A subscriber transport: protects each committed RTP packet in place in its batch slot (no socket).</summary>
    private sealed class ProtectingSink(SrtpContext? context, SendBatch batch) : IMediaTransportSink
    {
        private byte[] _slot = [];
        private ushort _twcc;

        public byte[]? Last { get; private set; }
        public bool KeepLast { get; set; }

        public Span<byte> GetBuffer(int minSize)
        {
            _slot = batch.Next();
            return _slot;
        }

        public void Commit(PacketKind kind, int length)
        {
            if (kind == PacketKind.Rtp && context is not null)
            {
                if (!context.TryProtectRtp(_slot, length, out length)) throw new InvalidOperationException("protect failed");
            }
            if (KeepLast) Last = _slot.AsSpan(0, length).ToArray();
        }

        public ushort NextTransportSequenceNumber() => ++_twcc;

        public uint GetAbsSendTime(long nowUs) => (uint)(nowUs * 262_144 / 1_000_000) & 0xFFFFFF;

        public void PrefetchForSend() => context?.PrefetchForProtect();
    }

    public enum Encryption
    {
        None,
        AeadAes128Gcm,
        AesCm128HmacSha1_80,
    }

    private readonly byte[] _packet = new byte[1200];
    private Room _room = null!;
    private Participant _publisher = null!;
    private ushort _seq;
    private long _now;

    [Params(1, 10, 100, 1000)]
    public int Subscribers { get; set; }

    [Params(Encryption.AeadAes128Gcm, Encryption.None, Encryption.AesCm128HmacSha1_80)]
    public Encryption Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _room = new Room("bench", new PacketBufferPool(preallocate: 2048));
        var batch = new SendBatch();
        _publisher = _room.AddParticipant("pub", new ProtectingSink(null, batch));
        var map = new RtpHeaderExtensionMap();
        map.Register(2, RtpExtensionUri.AbsSendTime);
        map.Register(3, RtpExtensionUri.TransportWideCc);
        map.Register(4, RtpExtensionUri.Mid);
        var track = _room.Publish(_publisher, new PublishedTrackInfo
        {
            TrackId = "v", Kind = MediaKind.Video, Mid = "0", Codecs = [new TrackCodec(96, "VP8", 90000, 97)],
            Extensions = map, Ssrcs = [0x1111], RtxSsrcs = [0x2222], Nack = true, Pli = true,
        });
        var profile = Mode switch
        {
            Encryption.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
            Encryption.AesCm128HmacSha1_80 => SrtpProfile.AesCm128HmacSha1_80,
            _ => SrtpProfile.None,
        };
        byte[]? sampleKey = null, sampleSalt = null;
        ProtectingSink? sampleSink = null;
        for (var i = 0; i < Subscribers; i++)
        {
            SrtpContext? context = null;
            if (profile != SrtpProfile.None)
            {
                // Each subscriber its own keys, as after its own DTLS handshake.
                var key = RandomNumberGenerator.GetBytes(16);
                var salt = RandomNumberGenerator.GetBytes(profile == SrtpProfile.AeadAes128Gcm ? 12 : 14);
                context = SrtpContext.Create(profile, key, salt, new SrtpContextOptions { Backend = SrtpBackend.Accelerated });
                if (i == Subscribers - 1) (sampleKey, sampleSalt) = (key, salt);
            }
            var sink = new ProtectingSink(context, batch) { KeepLast = i == Subscribers - 1 };
            if (i == Subscribers - 1) sampleSink = sink;
            var p = _room.AddParticipant("s" + i, sink);
            var subMap = new RtpHeaderExtensionMap();
            subMap.Register(1, RtpExtensionUri.Mid);
            subMap.Register(5, RtpExtensionUri.TransportWideCc);
            subMap.Register(6, RtpExtensionUri.AbsSendTime);
            _room.Subscribe(p, track, new DownTrackInfo
            {
                Ssrc = 0x10000u + (uint)i, RtxSsrc = 0x20000u + (uint)i, Mid = "1", Codecs = [new TrackCodec(100, "VP8", 90000, 101)],
                Extensions = subMap, Nack = true,
            }, 0);
        }

        _packet[0] = 0x90;
        _packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x1111);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(14), 3);
        _packet[16] = 0x22;
        _packet[20] = 0x31;
        _packet[23] = 0x40;
        _packet[24] = (byte)'0';
        _packet[28] = 0x90;
        _packet[29] = 0x80;
        _packet[32] = 0x10; // key frame
        RandomNumberGenerator.Fill(_packet.AsSpan(33));
        _seq = 1000;
        Forward();
        sampleSink!.KeepLast = false;

        // Prove the copy the last subscriber got is real SRTP under its own keys: unprotect it subscriber-side.
        if (profile != SrtpProfile.None)
        {
            using var receiver = SrtpContext.Create(profile, sampleKey, sampleSalt);
            var copy = sampleSink!.Last!;
            if (!receiver.TryUnprotectRtp(copy, out var plain, out var error)) throw new InvalidOperationException("sample did not unprotect: " + error);
            if (!RtpPacketView.TryParse(copy.AsSpan(0, plain), out var view, out _) || view.Ssrc != 0x10000u + (uint)(Subscribers - 1) || view.PayloadType != 100
                || !view.Payload[5..].SequenceEqual(_packet.AsSpan(33, view.Payload.Length - 5)))
                throw new InvalidOperationException("sample is not the forwarded packet");
        }
    }

    [Benchmark]
    public void ForwardOnePacket() => Forward();

    private void Forward()
    {
        var seq = _seq++;
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(21), seq);
        _now += 1000;
        _room.OnRtp(_publisher, _packet, _now);
        if ((seq & 15) == 0) _room.OnTick(_now);
    }
}
