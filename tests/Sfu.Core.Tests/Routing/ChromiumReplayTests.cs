using System.Buffers.Binary;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sfu.Core.Buffers;
using Sfu.Core.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Primitives;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Core.Tests.Captures;
using Sfu.Core.Tests.Simulation;
using Capture = Sfu.Core.Tests.Captures.Capture;

namespace Sfu.Core.Tests.Routing;

/// <summary>
/// The captured Chromium sessions, decrypted with their recorded keys by the project's SRTP code, replayed
/// into the engine with their arrival times, forwarded to two subscribers (one with RTX, one without).
/// </summary>
public partial class ChromiumReplayTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in Capture.All)
        {
            data.Add(c.Name, false);
            if (!c.Name.Contains("simulcast", StringComparison.Ordinal)) data.Add(c.Name, true);
        }
        return data;
    }

    [GeneratedRegex(@"^a=rid:(\S+) recv", RegexOptions.Multiline)]
    private static partial Regex RidLine();

    private sealed record Replay(Capture Capture, Room Room, PacketBufferPool Pool, Participant Publisher, RecordingSink PublisherSink,
        List<(Participant P, RecordingSink Sink, Dictionary<uint, DownTrack> Tracks)> Subscribers, List<(JsonElement Fields, byte[] Plain)> Packets,
        Dictionary<MediaKind, PublishedTrack> Tracks);

    private static Replay Run(string name, bool announceSsrcs, ILayerSelector? selector = null, int subscriberCount = 2, Action<int, DownTrack>? onVideoSubscribed = null)
    {
        var capture = Capture.Get(name);
        var root = capture.Root;
        var srtp = root.GetProperty("srtp");
        var profile = (SrtpProfile)srtp.GetProperty("profile_id").GetInt32();
        using var context = SrtpContext.Create(profile, Convert.FromHexString(srtp.GetProperty("client_master_key").GetString()!),
            Convert.FromHexString(srtp.GetProperty("client_master_salt").GetString()!));

        var map = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in capture.ExtensionMap) map.Register(id, uri);
        var seen = root.GetProperty("fixture_info").GetProperty("ssrcs_seen").EnumerateObject()
            .Select(p => (Ssrc: uint.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), Fields: p.Value)).ToList();
        var rids = RidLine().Matches(root.GetProperty("sdp_answer").GetString()!.Replace("\r", "", StringComparison.Ordinal)).Select(m => m.Groups[1].Value).ToList();

        var pool = new PacketBufferPool();
        var room = new Room("replay", pool, layerSelector: selector);
        var publisherSink = new RecordingSink();
        var publisher = room.AddParticipant("chromium", publisherSink, new ParticipantOptions { FeedbackSsrc = 1 });
        var tracks = new Dictionary<MediaKind, PublishedTrack>();
        foreach (var kind in new[] { MediaKind.Audio, MediaKind.Video })
        {
            var entries = seen.Where(s => (s.Fields.GetProperty("codec").GetString()!.StartsWith("opus", StringComparison.Ordinal)) == (kind == MediaKind.Audio)).ToList();
            var mid = entries[0].Fields.GetProperty("mid").GetString()!;
            var media = entries.Where(e => !e.Fields.GetProperty("codec").GetString()!.StartsWith("rtx", StringComparison.Ordinal)).Select(e => e.Ssrc).ToList();
            var rtx = entries.Where(e => e.Fields.GetProperty("codec").GetString()!.StartsWith("rtx", StringComparison.Ordinal)).Select(e => e.Ssrc).ToList();
            tracks[kind] = room.Publish(publisher, new PublishedTrackInfo
            {
                TrackId = "TR_" + kind,
                Kind = kind,
                Mid = mid,
                Codecs = kind == MediaKind.Audio ? [new TrackCodec(111, "opus", 48000)] : [new TrackCodec(96, "VP8", 90000, 97)],
                Extensions = map,
                Rids = kind == MediaKind.Video ? rids : [],
                Ssrcs = announceSsrcs ? media : [],
                RtxSsrcs = announceSsrcs ? rtx : [],
                Nack = kind == MediaKind.Video,
                Pli = kind == MediaKind.Video,
            });
        }

        var subscribers = new List<(Participant, RecordingSink, Dictionary<uint, DownTrack>)>();
        for (var i = 0; i < subscriberCount; i++)
        {
            var sink = new RecordingSink();
            var p = room.AddParticipant("sub" + i, sink);
            var subMap = new RtpHeaderExtensionMap();
            subMap.Register(3, RtpExtensionUri.Mid);
            subMap.Register(5, RtpExtensionUri.TransportWideCc);
            subMap.Register(6, RtpExtensionUri.AudioLevel);
            var byTrack = new Dictionary<uint, DownTrack>();
            foreach (var (kind, track) in tracks)
            {
                var ssrc = 0x1000u * (uint)(i + 1) + (uint)kind;
                byTrack[ssrc] = room.Subscribe(p, track, new DownTrackInfo
                {
                    Ssrc = ssrc,
                    RtxSsrc = i == 0 && kind == MediaKind.Video ? ssrc + 0x100 : 0,
                    Mid = kind == MediaKind.Audio ? "a" : "v",
                    Codecs = kind == MediaKind.Audio ? [new TrackCodec(109, "opus", 48000)] : [new TrackCodec(100, "VP8", 90000, i == 0 ? (byte)101 : (byte)0)],
                    Extensions = subMap,
                    Nack = true,
                }, 0);
                if (kind == MediaKind.Video) onVideoSubscribed?.Invoke(i, byTrack[ssrc]);
            }
            subscribers.Add((p, sink, byTrack));
        }

        var packets = new List<(JsonElement, byte[])>();
        long nextTickUs = 0;
        foreach (var p in capture.Array("srtp_packets"))
        {
            var bytes = Convert.FromHexString(p.GetProperty("hex").GetString()!);
            Assert.True(context.TryUnprotectRtp(bytes, out var plainLength, out var error), $"unprotect: {error}");
            var nowUs = (long)(p.GetProperty("t_ms").GetDouble() * 1000);
            while (nextTickUs <= nowUs)
            {
                publisherSink.NowUs = nextTickUs;
                room.OnTick(nextTickUs);
                nextTickUs += 10_000;
            }
            var plain = bytes.AsSpan(0, plainLength).ToArray();
            packets.Add((p, plain));
            publisherSink.NowUs = nowUs;
            room.OnRtp(publisher, plain, nowUs);
        }
        for (var i = 0; i < 20; i++, nextTickUs += 10_000) room.OnTick(nextTickUs);
        return new Replay(capture, room, pool, publisher, publisherSink, subscribers, packets, tracks);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Replayed_chromium_media_reaches_subscribers_contiguously_without_padding_or_probes(string name, bool announceSsrcs)
    {
        var r = Run(name, announceSsrcs);
        var layer0 = r.Tracks[MediaKind.Video].Layers[0].Ssrc;
        var audioSsrc = r.Tracks[MediaKind.Audio].Layers[0].Ssrc;
        Assert.NotEqual(0u, layer0);
        // What the subscribers may receive: payloads of media packets (not padding, not RTX) of the forwarded layer.
        var mediaPayloads = new Dictionary<uint, HashSet<string>> { [layer0] = [], [audioSsrc] = [] };
        var firstKeySeen = false;
        var expectedVideo = 0;
        var expectedAudio = 0;
        foreach (var (f, plain) in r.Packets)
        {
            var ssrc = f.GetProperty("ssrc").GetUInt32();
            if (f.GetProperty("payload_len").GetInt32() == 0 || !mediaPayloads.TryGetValue(ssrc, out var set)) continue;
            var payload = plain.AsSpan(f.GetProperty("header_len").GetInt32(), f.GetProperty("payload_len").GetInt32());
            set.Add(Convert.ToHexString(payload));
            if (ssrc == audioSsrc) expectedAudio++;
            else if (firstKeySeen || IsVp8KeyFrameStart(payload))
            {
                firstKeySeen = true;
                expectedVideo++;
            }
        }

        foreach (var (p, sink, downTracks) in r.Subscribers)
        {
            var bySsrc = new Dictionary<uint, List<byte[]>>();
            foreach (var packet in sink.Rtp)
            {
                var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8));
                if (!bySsrc.TryGetValue(ssrc, out var list)) bySsrc[ssrc] = list = [];
                list.Add(packet);
            }
            // Only the two down-track SSRCs: nothing on RTX (no NACK in a clean replay), nothing of the publisher's.
            Assert.Equal(downTracks.Keys.Order(), bySsrc.Keys.Order());
            foreach (var (ssrc, list) in bySsrc)
            {
                var dt = downTracks[ssrc];
                var source = dt.Track.Kind == MediaKind.Audio ? audioSsrc : layer0;
                var unwrapper = new SequenceUnwrapper();
                var seqs = new List<long>();
                foreach (var packet in list)
                {
                    Assert.True(RtpPacketView.TryParse(packet, out var view, out _));
                    Assert.False(view.HasPadding, "a padding packet was forwarded");
                    Assert.True(view.PayloadLength > 0);
                    Assert.Equal(dt.Info.Codecs[0].PayloadType, view.PayloadType);
                    // Payload is a publisher media payload (picture ids untouched: no switch happened).
                    Assert.Contains(Convert.ToHexString(view.Payload), mediaPayloads[source]);
                    // mid rewritten, rid/repaired-rid and abs-send-time (not negotiated here) gone.
                    Assert.True(view.TryGetExtension(3, out var mid));
                    Assert.Equal(dt.Info.Mid, System.Text.Encoding.ASCII.GetString(mid));
                    foreach (var e in view.GetExtensions()) Assert.Contains(e.Id, new[] { 3, 5, 6 });
                    seqs.Add(unwrapper.Unwrap(view.SequenceNumber));
                }
                Assert.Equal(seqs.Count, seqs.Distinct().Count());
                seqs.Sort();
                Assert.Equal(seqs[^1] - seqs[0] + 1, seqs.Count); // contiguous
                Assert.Equal(dt.Track.Kind == MediaKind.Audio ? expectedAudio : expectedVideo, seqs.Count);
            }
            _ = p;
        }
        var paddingOnly = r.Packets.Count(x => x.Fields.GetProperty("payload_len").GetInt32() == 0);
        Assert.True(paddingOnly > 0);
        Assert.Equal(paddingOnly, r.Room.Drops[(int)PacketDropReason.PaddingOnly]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transport_cc_feedback_for_the_replay_reports_every_captured_sequence_number_to_an_independent_decoder(string name, bool announceSsrcs)
    {
        var r = Run(name, announceSsrcs);
        var captured = r.Packets.Select(x => x.Fields.GetProperty("ext_decoded")).Where(e => e.TryGetProperty("transport_cc_seq", out _))
            .Select(e => e.GetProperty("transport_cc_seq").GetInt32()).ToHashSet();
        Assert.Equal(r.Packets.Count, captured.Count);
        var arrivalBySeq = r.Packets.ToDictionary(x => x.Fields.GetProperty("ext_decoded").GetProperty("transport_cc_seq").GetInt32(),
            x => (long)(x.Fields.GetProperty("t_ms").GetDouble() * 1000));
        var feedback = r.PublisherSink.Rtcp.Where(p => p[1] == 205 && (p[0] & 0x1F) == 15).ToList();
        Assert.NotEmpty(feedback);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, feedback.Select(Convert.ToHexStringLower));
            using var json = JsonDocument.Parse(NodeRunner.Run(RepoPaths.TwccDecoder, file));
            Assert.Equal(feedback.Count, json.RootElement.GetProperty("feedbacks").GetInt32());
            var received = new HashSet<int>();
            var previous = long.MinValue / 2;
            foreach (var p in json.RootElement.GetProperty("packets").EnumerateArray())
            {
                if (!p.GetProperty("received").GetBoolean()) continue;
                var seq = p.GetProperty("seq").GetInt32();
                received.Add(seq);
                var arrival = p.GetProperty("arrivalUs").GetInt64();
                // The decoded arrival is the recorded one, to the 250 us resolution of the deltas.
                Assert.InRange(arrivalBySeq[seq] - arrival, 0, 249);
                Assert.True(arrival >= previous - 250, $"arrival times go backwards in a capture without reordering: seq {p.GetProperty("seq").GetInt32()} {arrival} after {previous}");
                previous = arrival;
            }
            Assert.Empty(captured.Except(received));
            // Feedback every 50-100 ms while media flows.
            var duration = r.Packets[^1].Fields.GetProperty("t_ms").GetDouble() - r.Packets[0].Fields.GetProperty("t_ms").GetDouble();
            Assert.InRange(feedback.Count, duration / 100, duration / 50 + 2);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void After_the_replay_every_buffer_returns_to_the_pool_when_participants_leave(string name, bool announceSsrcs)
    {
        var r = Run(name, announceSsrcs);
        Assert.True(r.Pool.Outstanding > 0);
        foreach (var p in r.Room.Participants.ToList()) r.Room.RemoveParticipant(p, 30_000_000);
        Assert.Equal(0, r.Pool.Outstanding);
    }

    // RFC 7741 §4.2/4.3, written here independently of the engine's descriptor.
    private static bool IsVp8KeyFrameStart(ReadOnlySpan<byte> payload)
    {
        var b0 = payload[0];
        if ((b0 & 0x10) == 0 || (b0 & 0x07) != 0) return false;
        var o = 1;
        if ((b0 & 0x80) != 0)
        {
            var x = payload[1];
            o = 2;
            if ((x & 0x80) != 0) o += (payload[o] & 0x80) != 0 ? 2 : 1;
            if ((x & 0x40) != 0) o++;
            if ((x & 0x30) != 0) o++;
        }
        return (payload[o] & 0x01) == 0;
    }
}
