using System.Text;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Extensions;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Rtp;

/// <summary>Every RTP header Chromium sent parses to the recorded fields, and rewriting it gives back the same bytes.</summary>
public class RtpCaptureTests
{
    public static TheoryData<string> Captures => Capture.Names;

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryPacketHeaderMatchesTheRecordedFields(string name)
    {
        var capture = Capture.Get(name);
        var map = new RtpHeaderExtensionMap();
        foreach (var (id, uri) in capture.ExtensionMap) map.Register(id, uri);
        var count = 0;
        foreach (var p in CapturedRtp.Of(capture))
        {
            Assert.True(RtpRtcpDemux.IsRtp(p.Bytes));
            Assert.False(RtpRtcpDemux.IsRtcp(p.Bytes));
            Assert.True(RtpPacketView.TryParse(p.Bytes, out var v, out var reason), reason.ToString());
            Assert.Equal(p.Long("ssrc"), v.Ssrc);
            Assert.Equal(p.Long("pt"), v.PayloadType);
            Assert.Equal(p.Long("seq"), v.SequenceNumber);
            Assert.Equal(p.Long("ts"), v.Timestamp);
            Assert.Equal(p.Fields.GetProperty("marker").GetBoolean(), v.Marker);
            Assert.Equal(p.Long("csrc_count"), v.CsrcCount);
            Assert.Equal(p.Long("header_len"), v.HeaderLength);
            Assert.Equal(p.Long("payload_len"), v.PayloadLength);
            Assert.Equal(p.Fields.GetProperty("padding").GetBoolean(), v.HasPadding);
            Assert.Equal(p.Long("padding_len"), v.PaddingLength);
            Assert.Equal(p.Long("payload_len") == 0, v.IsPaddingOnly);
            Assert.Equal(RtpPacketView.OneByteProfile, v.ExtensionProfile);

            var expectedIds = p.Fields.GetProperty("ext_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var ids = new List<int>();
            foreach (var e in v.GetExtensions()) ids.Add(e.Id);
            Assert.Equal(expectedIds, ids);
            foreach (var ext in p.Fields.GetProperty("ext").EnumerateObject())
            {
                Assert.True(v.TryGetExtension(int.Parse(ext.Name, System.Globalization.CultureInfo.InvariantCulture), out var value));
                Assert.Equal(ext.Value.GetString(), Convert.ToHexString(value), ignoreCase: true);
            }
            CheckDecoded(p, v, map);
            count++;
        }
        Assert.True(count > 1000);
    }

    private static void CheckDecoded(CapturedRtp p, RtpPacketView v, RtpHeaderExtensionMap map)
    {
        var decoded = p.Fields.GetProperty("ext_decoded");
        foreach (var field in decoded.EnumerateObject())
        {
            switch (field.Name)
            {
                case "mid":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.Mid, out var mid));
                    Assert.True(MidExtension.TryRead(mid, out var midText));
                    Assert.Equal(field.Value.GetString(), Encoding.ASCII.GetString(midText));
                    break;
                case "rid":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.Rid, out var rid));
                    Assert.True(RidExtension.TryRead(rid, out var ridText));
                    Assert.Equal(field.Value.GetString(), Encoding.ASCII.GetString(ridText));
                    break;
                case "repaired_rid":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.RepairedRid, out var rrid));
                    Assert.True(RepairedRidExtension.TryRead(rrid, out var rridText));
                    Assert.Equal(field.Value.GetString(), Encoding.ASCII.GetString(rridText));
                    break;
                case "abs_send_time":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.AbsSendTime, out var abs));
                    Assert.True(AbsSendTimeExtension.TryRead(abs, out var sendTime));
                    Assert.Equal(field.Value.GetUInt32(), sendTime);
                    break;
                case "transport_cc_seq":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.TransportWideCc, out var tcc));
                    Assert.True(TransportCcExtension.TryRead(tcc, out var seq));
                    Assert.Equal(field.Value.GetUInt16(), seq);
                    break;
                case "audio_level":
                    Assert.True(v.TryGetExtension(map, RtpExtensionKind.AudioLevel, out var level));
                    Assert.True(AudioLevelExtension.TryRead(level, out var voice, out var dbov));
                    Assert.Equal(field.Value.GetProperty("voice").GetBoolean(), voice);
                    Assert.Equal(-field.Value.GetProperty("level_dbov").GetInt32(), dbov);
                    break;
                default:
                    Assert.Fail("undecoded field " + field.Name);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void RewritingEveryFieldAndBackGivesTheSameBytes(string name)
    {
        foreach (var p in CapturedRtp.Of(Capture.Get(name)))
        {
            var copy = (byte[])p.Bytes.Clone();
            Assert.True(RtpPacketView.TryParse(copy, out var v, out _));
            var (ssrc, seq, ts, pt, marker) = (v.Ssrc, v.SequenceNumber, v.Timestamp, v.PayloadType, v.Marker);
            v.Ssrc = ~ssrc;
            v.SequenceNumber = (ushort)(seq + 12345);
            v.Timestamp = ts + 90000;
            v.PayloadType = (byte)(pt ^ 0x55);
            v.Marker = !marker;
            Assert.Equal(~ssrc, v.Ssrc);
            Assert.Equal((ushort)(seq + 12345), v.SequenceNumber);
            Assert.Equal(ts + 90000, v.Timestamp);
            Assert.Equal((byte)(pt ^ 0x55), v.PayloadType);
            Assert.Equal(!marker, v.Marker);
            Assert.Equal(p.Bytes.Length, v.Length);
            Assert.True(copy.AsSpan(12).SequenceEqual(p.Bytes.AsSpan(12)), "only the fixed header may change");
            v.Ssrc = ssrc;
            v.SequenceNumber = seq;
            v.Timestamp = ts;
            v.PayloadType = pt;
            v.Marker = marker;
            Assert.Equal(p.Bytes, copy);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void RemovingEveryExtensionLeavesTheOthersAndThePayloadIntact(string name)
    {
        foreach (var p in CapturedRtp.Of(Capture.Get(name)).Take(200))
        {
            Assert.True(RtpPacketView.TryParse(p.Bytes.AsSpan(), out var original, out _));
            var payload = original.Payload.ToArray();
            var ids = new List<int>();
            foreach (var e in original.GetExtensions()) ids.Add(e.Id);

            foreach (var removed in ids)
            {
                var copy = (byte[])p.Bytes.Clone();
                Assert.True(RtpPacketView.TryParse(copy, out var v, out _));
                Assert.True(v.RemoveExtension(removed));
                Assert.False(v.TryGetExtension(removed, out _));
                Assert.Equal(payload, v.Payload.ToArray());
                Assert.Equal(original.PaddingLength, v.PaddingLength);
                // The shrunken packet parses again to the same view.
                Assert.True(RtpPacketView.TryParse(v.Packet, out var again, out _));
                Assert.Equal(v.HeaderLength, again.HeaderLength);
                foreach (var other in ids.Where(i => i != removed))
                {
                    Assert.True(original.TryGetExtension(other, out var expected));
                    Assert.True(again.TryGetExtension(other, out var actual));
                    Assert.True(expected.SequenceEqual(actual));
                }
            }
        }
    }
}
