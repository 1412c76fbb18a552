using NodeRunner = Sfu.Core.Tests.Simulation.NodeRunner;
using System.Text.Json;
using Sfu.Core.Feedback;
using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Simulation;

namespace Sfu.Core.Tests.Feedback;

public class TransportCcRecorderTests
{
    [Fact]
    public void Loss_reordering_long_gaps_and_wraparound_decode_in_the_independent_parser_to_the_recorded_arrivals()
    {
        var random = new Random(42);
        var recorder = new TransportCcRecorder();
        var arrivals = new Dictionary<int, long>();
        var feedback = new List<string>();
        var buffer = new byte[1500];
        long now = 1_000_000;
        ushort seq = 64_000; // wraps during the run
        var pending = new List<(ushort Seq, long At)>();
        for (var i = 0; i < 6000; i++)
        {
            now += random.Next(0, 3000);
            if (i == 3000) now += 2_500_000; // a long silence: deltas beyond the 2-byte range split reports
            var s = seq++;
            if (random.NextDouble() < 0.1) continue; // lost
            // Reordering: some packets are held back a few ms.
            if (random.NextDouble() < 0.05) pending.Add((s, now + random.Next(1000, 20_000)));
            else Record(s, now);
            foreach (var p in pending.Where(p => p.At <= now).ToList())
            {
                Record(p.Seq, p.At);
                pending.Remove(p);
            }
            if (i % 20 == 0)
            {
                while (recorder.HasPending)
                {
                    var n = recorder.WriteFeedback(buffer, 1, 2);
                    if (n == 0) break;
                    feedback.Add(Convert.ToHexStringLower(buffer, 0, n));
                }
            }
        }
        foreach (var p in pending) Record(p.Seq, p.At);
        while (recorder.HasPending)
        {
            var n = recorder.WriteFeedback(buffer, 1, 2);
            if (n == 0) break;
            feedback.Add(Convert.ToHexStringLower(buffer, 0, n));
        }

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, feedback);
            using var json = JsonDocument.Parse(NodeRunner.Run(RepoPaths.TwccDecoder, file));
            var reported = new Dictionary<int, long>();
            foreach (var p in json.RootElement.GetProperty("packets").EnumerateArray())
            {
                var s = p.GetProperty("seq").GetInt32();
                if (!p.GetProperty("received").GetBoolean()) continue;
                Assert.True(arrivals.ContainsKey(s), $"seq {s} reported received but was lost");
                reported[s] = p.GetProperty("arrivalUs").GetInt64();
            }
            Assert.Equal(arrivals.Keys.Order(), reported.Keys.Order());
            // The shared RTCP view (Sfu.Core.Rtcp) reads the same packets the same way.
            var viaView = new HashSet<int>();
            foreach (var hex in feedback)
            {
                Assert.True(RtcpTransportFeedback.TryParse(Convert.FromHexString(hex), out var view, out var reason), reason.ToString());
                foreach (var packet in view.GetPackets()) if (packet.Received) viaView.Add(packet.SequenceNumber);
            }
            Assert.Equal(reported.Keys.Order(), viaView.Order());
            foreach (var (s, at) in arrivals)
            {
                // The reference time is 24 bits of 64 ms: compare modulo its range.
                var diff = ((at - reported[s]) % (64_000L << 24) + (64_000L << 24)) % (64_000L << 24);
                Assert.InRange(diff, 0, 249);
            }
        }
        finally
        {
            File.Delete(file);
        }

        void Record(ushort s, long at)
        {
            recorder.OnPacket(s, at);
            arrivals.TryAdd(s, at);
        }
    }

    [Fact]
    public void Nothing_pending_writes_nothing_and_duplicates_keep_the_first_arrival()
    {
        var recorder = new TransportCcRecorder();
        var buffer = new byte[1500];
        Assert.False(recorder.HasPending);
        Assert.Equal(0, recorder.WriteFeedback(buffer, 1, 2));
        recorder.OnPacket(5, 1000);
        recorder.OnPacket(5, 9000);
        Assert.Equal(1, recorder.Recorded);
        var n = recorder.WriteFeedback(buffer, 1, 2);
        Assert.True(n > 0 && n % 4 == 0);
        Assert.False(recorder.HasPending);
        Assert.Equal(5, buffer[12] << 8 | buffer[13]);
        Assert.Equal(1, buffer[14] << 8 | buffer[15]);
    }
}
