using System.Buffers.Binary;
using Sfu.Core.Media;
using Sfu.Core.Routing;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Routing;

/// <summary>
/// The captured three-layer Chromium session replayed to three subscribers asking HIGH, MEDIUM and LOW. In
/// the capture every layer has one key frame, at its start (f at 279 ms, h at 286 ms, q at 290 ms); f stops
/// at 5024 ms and h and q go on to 5968 ms with no further key frame (a recording cannot answer a PLI).
/// </summary>
public partial class ChromiumReplayTests
{
    private const string SimulcastCapture = "chromium-simulcast-aead-aes-128-gcm.json";

    [Fact]
    public void Simulcast_replay_starts_on_the_first_key_frame_switches_to_each_request_at_its_key_frame_and_asks_for_h_when_f_stops()
    {
        var selector = new SimLayerSelector();
        int[] requests = [2, 1, 0];
        var r = Run(SimulcastCapture, announceSsrcs: false, selector, subscriberCount: 3, (i, dt) => selector.Request(dt, requests[i]));
        var video = r.Tracks[MediaKind.Video];
        Assert.Equal(["q", "h", "f"], video.Layers.Select(l => l.Rid));

        // Every captured media payload of the video layers, by its bytes after the VP8 descriptor (picture id and
        // TL0PICIDX are rewritten by a switch, the rest never is).
        var sources = new Dictionary<string, (int Layer, long TimeUs, bool KeyStart)>();
        var lastUs = new long[3];
        foreach (var (f, plain) in r.Packets)
        {
            var ssrc = f.GetProperty("ssrc").GetUInt32();
            var layer = video.Layers.FirstOrDefault(l => l.Ssrc == ssrc);
            if (layer is null || f.GetProperty("payload_len").GetInt32() == 0) continue;
            var payload = plain.AsSpan(f.GetProperty("header_len").GetInt32(), f.GetProperty("payload_len").GetInt32());
            var d = Vp8Fields(payload);
            var t = (long)(f.GetProperty("t_ms").GetDouble() * 1000);
            sources[Convert.ToHexString(payload[d.Length..])] = (layer.Index, t, d.KeyStart);
            lastUs[layer.Index] = t;
        }

        // HIGH stays on f (h has no key frame after f stops); MEDIUM moves to h at its key frame; LOW, with nothing at
        // or below its request live yet, moves to the lowest live layer at each key frame: f, then h, then q.
        var expected = new[] { new[] { 2 }, [2, 1], [2, 1, 0] };
        for (var s = 0; s < 3; s++)
        {
            var (_, sink, downTracks) = r.Subscribers[s];
            var dt = downTracks.Values.Single(d => d.Track == video);
            var received = sink.Rtp.Where(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8)) == dt.Ssrc).ToList();
            Assert.NotEmpty(received);
            var layers = new List<int>();
            var previousSeq = -1;
            var previousPic = -1;
            var previousTl0 = -1;
            foreach (var packet in received)
            {
                Assert.True(RtpPacketView.TryParse(packet, out var view, out _));
                var d = Vp8Fields(view.Payload);
                Assert.True(sources.TryGetValue(Convert.ToHexString(view.Payload[d.Length..]), out var source), "a forwarded payload the publisher never sent");
                if (layers.Count == 0 || layers[^1] != source.Layer)
                {
                    Assert.True(source.KeyStart, $"subscriber {s} moved to layer {source.Layer} at {source.TimeUs / 1000} ms without a key frame");
                    layers.Add(source.Layer);
                }
                if (previousSeq >= 0) Assert.Equal((previousSeq + 1) & 0xFFFF, view.SequenceNumber);
                previousSeq = view.SequenceNumber;
                if (d.Start)
                {
                    if (previousPic >= 0) Assert.Equal((previousPic + 1) & 0x7FFF, d.PictureId);
                    if (previousTl0 >= 0) Assert.InRange((d.Tl0 - previousTl0) & 0xFF, 0, 1);
                    previousPic = d.PictureId;
                    previousTl0 = d.Tl0;
                }
            }
            Assert.Equal(expected[s], layers);
        }

        // f stopped: once it has been silent for the live window, HIGH's target is h, which has no key frame left
        // in the capture, so the engine asks for one (PLI on h's SSRC) and forwards nothing of h meanwhile.
        var h = video.Layers[1].Ssrc;
        var deadUs = lastUs[2] + PublishedLayer.LiveWindowUs;
        var plisOnH = r.PublisherSink.Rtcp.Select((p, i) => (p, t: r.PublisherSink.RtcpTimesUs[i]))
            .Where(x => x.p[1] == 206 && (x.p[0] & 0x1F) == 1 && BinaryPrimitives.ReadUInt32BigEndian(x.p.AsSpan(8)) == h && x.t >= deadUs).ToList();
        Assert.NotEmpty(plisOnH);
        Assert.True(lastUs[1] > deadUs, "h keeps flowing after f stops in the capture");
        Assert.Equal(2, r.Subscribers[0].Tracks.Values.Single(d => d.Track == video).CurrentLayer);
    }

    /// <summary>RFC 7741 §4.2: descriptor length, start of partition 0, key frame (P bit, §4.3), picture id, TL0PICIDX.</summary>
    private static (int Length, bool Start, bool KeyStart, int PictureId, int Tl0) Vp8Fields(ReadOnlySpan<byte> payload)
    {
        var b0 = payload[0];
        var o = 1;
        int pic = -1, tl0 = -1;
        if ((b0 & 0x80) != 0)
        {
            var x = payload[1];
            o = 2;
            if ((x & 0x80) != 0)
            {
                if ((payload[o] & 0x80) != 0)
                {
                    pic = BinaryPrimitives.ReadUInt16BigEndian(payload[o..]) & 0x7FFF;
                    o += 2;
                }
                else pic = payload[o++];
            }
            if ((x & 0x40) != 0) tl0 = payload[o++];
            if ((x & 0x30) != 0) o++;
        }
        var start = (b0 & 0x10) != 0 && (b0 & 0x07) == 0;
        return (o, start, start && (payload[o] & 0x01) == 0, pic, tl0);
    }
}
