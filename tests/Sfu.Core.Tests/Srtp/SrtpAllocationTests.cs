using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

/// <summary>Protect and unprotect allocate nothing per packet (10,000 iterations after warm-up).</summary>
public class SrtpAllocationTests
{
    private const int Iterations = 10_000;

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void RtpProtectAndUnprotect_AllocateNothing(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var template = SrtpTestData.Rtp(0, payloadLength: 1200);
            var work = new byte[template.Length];
            var length = SrtpTestData.RtpLength(1200);
            ushort seq = 0;
            var failures = 0;
            var bytes = Allocation.Measure(Iterations, () =>
            {
                template.AsSpan().CopyTo(work);
                work[2] = (byte)(seq >> 8);
                work[3] = (byte)seq++;
                if (!sender.TryProtectRtp(work, length, out var n)) failures++;
                if (!receiver.TryUnprotectRtp(work.AsSpan(0, n), out _, out _)) failures++;
            });
            Assert.Equal(0, failures);
            Assert.Equal(0, bytes);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void RtcpProtectAndUnprotect_AllocateNothing(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var template = SrtpTestData.Rtcp();
            var work = new byte[template.Length];
            var failures = 0;
            var bytes = Allocation.Measure(Iterations, () =>
            {
                template.AsSpan().CopyTo(work);
                if (!sender.TryProtectRtcp(work, 28, out var n)) failures++;
                if (!receiver.TryUnprotectRtcp(work.AsSpan(0, n), out _, out _)) failures++;
            });
            Assert.Equal(0, failures);
            Assert.Equal(0, bytes);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfilesAndBackends), MemberType = typeof(SrtpTestData))]
    public void RefusingReplays_AllocatesNothing(SrtpProfile profile, SrtpBackend backend)
    {
        var (sender, receiver) = SrtpTestData.Pair(profile, backend);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestData.Rtp(5);
            Assert.True(sender.TryProtectRtp(packet, SrtpTestData.RtpLength(), out var n));
            var work = packet.ToArray();
            Assert.True(receiver.TryUnprotectRtp(work.AsSpan(0, n), out _, out _));
            var bytes = Allocation.Measure(Iterations, () => receiver.TryUnprotectRtp(packet.AsSpan(0, n), out _, out _));
            Assert.Equal(0, bytes);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestData.ProfileData), MemberType = typeof(SrtpTestData))]
    public void RefusingForgeries_AllocatesNothing_WithTheAcceleratedBackend(SrtpProfile profile)
    {
        // The portable GCM backend learns of a bad tag only through AesGcm's exception, which allocates;
        // a forged-packet flood is one reason to run the accelerated backend.
        var (sender, receiver) = SrtpTestData.Pair(profile, SrtpBackend.Accelerated);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestData.Rtp(5, payloadLength: 1200, room: 16);
            var length = SrtpTestData.RtpLength(1200);
            Assert.True(sender.TryProtectRtp(packet, length, out var n));
            packet[n - 1] ^= 1;
            var template = packet.ToArray();
            var bytes = Allocation.Measure(Iterations, () =>
            {
                template.AsSpan().CopyTo(packet);
                receiver.TryUnprotectRtp(packet.AsSpan(0, n), out _, out _);
            });
            Assert.Equal(0, bytes);
        }
    }
}
