using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Rollover counter across the 16-bit sequence wrap (RFC 3711 section 3.3.1 and Appendix A).</summary>
public class SrtpRolloverTests
{
    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void ProtectThenUnprotect_AcrossAForcedSequenceWrap_IncrementsTheRoc(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var first = new List<byte[]>();
            for (var i = 0; i < 20; i++)
            {
                var seq = (ushort)(65530 + i); // 65530..65535, then 0..13 with ROC 1
                var packet = SrtpTestData.Rtp(seq);
                var plain = packet.AsSpan(0, SrtpTestData.RtpLength()).ToArray();
                Assert.True(sender.TryProtectRtp(packet, SrtpTestData.RtpLength(), out var n));
                first.Add(packet.AsSpan(0, n).ToArray());
                Assert.True(receiver.TryUnprotectRtp(packet.AsSpan(0, n), out var plainLength, out var error), $"seq {seq}: {error}");
                Assert.Equal(plain, packet.AsSpan(0, plainLength).ToArray());
            }

            // Same sequence number, different ROC: the ciphertext must differ (the ROC is in the IV / the tag).
            var (sender2, _) = SrtpTestData.Pair(profile, backend);
            using (sender2)
            {
                var again = SrtpTestData.Rtp(2);
                Assert.True(sender2.TryProtectRtp(again, SrtpTestData.RtpLength(), out var n2));
                Assert.NotEqual(first[8], again.AsSpan(0, n2).ToArray()); // first[8] is seq 2 with ROC 1
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void SeventyThousandPackets_WithLossAndReordering_AllAuthenticate(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend, receiverOptions: new SrtpContextOptions { ReplayWindowSize = 128 });
        using (sender)
        using (receiver)
        {
            var rng = new Random(42);
            var start = (ushort)rng.Next(60_000, 65_536);
            const int count = 70_000;
            var protectedPackets = new List<(ushort Seq, byte[] Bytes)>(count);
            for (var i = 0; i < count; i++)
            {
                var seq = (ushort)(start + i);
                var packet = SrtpTestData.Rtp(seq, payloadLength: 20, fill: (byte)i);
                Assert.True(sender.TryProtectRtp(packet, SrtpTestData.RtpLength(20), out var n));
                protectedPackets.Add((seq, packet[..n]));
            }
            // 1 % loss, 1 % of packets swapped with their successor (reordering).
            var delivered = protectedPackets.Where(_ => rng.NextDouble() >= 0.01).ToList();
            for (var i = 0; i + 1 < delivered.Count; i++)
            {
                if (rng.NextDouble() < 0.01) (delivered[i], delivered[i + 1]) = (delivered[i + 1], delivered[i]);
            }
            var failures = 0;
            foreach (var (seq, bytes) in delivered)
            {
                if (!receiver.TryUnprotectRtp(bytes, out _, out _)) failures++;
            }
            Assert.Equal(0, failures);
            Assert.True(delivered.Count > 69_000);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void LatePacketFromBeforeTheWrap_StillAuthenticatesAfterTheRocMovedOn(SrtpProfile profile)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, SrtpBackend.Accelerated);
        using (sender)
        using (receiver)
        {
            var packets = new Dictionary<ushort, byte[]>();
            foreach (var seq in new ushort[] { 65533, 65534, 65535, 0, 1 })
            {
                var p = SrtpTestData.Rtp(seq);
                Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(), out var n));
                packets[seq] = p[..n];
            }
            foreach (var seq in new ushort[] { 65533, 0, 1, 65535, 65534 })
                Assert.True(receiver.TryUnprotectRtp(packets[seq].ToArray(), out _, out var error), $"seq {seq}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void HighRolloverCounts_RoundTrip_AndTheEndOfThe48BitIndexSpaceRefusesToProtect(SrtpProfile profile)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, SrtpBackend.Accelerated);
        using (sender)
        using (receiver)
        {
            const uint ssrc = 0x1234_5678;
            // Sender and receiver both at ROC 2^32 - 1 (the receiver learns it as a sender would have reached it).
            sender.SetRtpHighestIndex(ssrc, 0xFFFF_FFFF_FFF0UL);
            receiver.SetRtpHighestIndex(ssrc, 0xFFFF_FFFF_FFF0UL);
            foreach (var seq in new ushort[] { 0xFFF1, 0xFFFF })
            {
                var p = SrtpTestData.Rtp(seq, ssrc);
                Assert.True(sender.TryProtectRtp(p, SrtpTestData.RtpLength(), out var n));
                Assert.True(receiver.TryUnprotectRtp(p.AsSpan(0, n), out _, out var error), error.ToString());
            }
            // The next packet would need ROC 2^32: protecting it would reuse an IV, so it is refused.
            var last = SrtpTestData.Rtp(0, ssrc);
            Assert.False(sender.TryProtectRtp(last, SrtpTestData.RtpLength(), out _, out var exhausted));
            Assert.Equal(SrtpError.IndexExhausted, exhausted);
        }
    }
}
