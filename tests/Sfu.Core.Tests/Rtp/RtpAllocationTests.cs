using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Parsing, reading extensions and rewriting an RTP packet allocates nothing.</summary>
public class RtpAllocationTests
{
    [Fact]
    public void ParseReadAndRewriteAllocateNothing()
    {
        var capture = Capture.All[0];
        var map = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in capture.ExtensionMap) map.Register(id, uri);
        var packet = CapturedRtp.Of(capture).First(p => p.Long("payload_len") > 100).Bytes;
        var rtx = new byte[1500];
        var ok = true;

        var bytes = Allocation.Measure(10_000, () =>
        {
            ok &= RtpPacketView.TryParse(packet, out var v, out _);
            ok &= v.TryGetExtension(map, RtpExtensionKind.TransportWideCc, out var tcc) && TransportCcExtension.TryRead(tcc, out _);
            ok &= v.TryGetExtension(map, RtpExtensionKind.Mid, out var mid) && MidExtension.TryRead(mid, out _);
            ok &= v.TryGetExtension(map, RtpExtensionKind.AbsSendTime, out var abs) && AbsSendTimeExtension.TryRead(abs, out _);
            v.SequenceNumber++;
            v.Timestamp += 3000;
            v.Ssrc ^= 1;
            v.PayloadType = v.PayloadType;
            if (v.TryGetWritableExtension(map.GetId(RtpExtensionKind.TransportWideCc), out var w)) TransportCcExtension.Write(7, w);
            ok &= v.TryRewriteExtensionId(map.GetId(RtpExtensionKind.Mid), map.GetId(RtpExtensionKind.Mid));
            ok &= Rtx.TryEncapsulate(v, 97, 5, 6, rtx, out _);
        });

        Assert.True(ok);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void RemovingAnExtensionAllocatesNothing()
    {
        var packet = CapturedRtp.Of(Capture.All[0]).First(p => p.Long("payload_len") > 100).Bytes;
        var work = new byte[packet.Length];
        var ok = true;
        var bytes = Allocation.Measure(10_000, () =>
        {
            packet.CopyTo(work, 0);
            ok &= RtpPacketView.TryParse(work, out var v, out _);
            ok &= v.RemoveExtension(2);
        });
        Assert.True(ok);
        Assert.Equal(0, bytes);
    }
}
