using System.Buffers.Binary;
using Sfu.Core.Primitives;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// A scripted receiver of one down-track: records every sequence number it gets (media, RTX-repaired, or
/// padding filler), NACKs gaps like a browser (after 10 ms, every 50 ms, up to 10 times), sends receiver
/// reports with LSR/DLSR, and checks what arrives: its own SSRC and payload type, no rid/repaired-rid,
/// its mid, never a publisher padding packet.
/// </summary>
internal sealed class SimSubscriber(uint ssrc, uint rtxSsrc, byte pt, int midId, string mid, uint feedbackSsrc = 0xABCD)
{
    private readonly HashSet<long> _received = [];
    private readonly Dictionary<long, (long FirstMissingUs, long LastNackUs, int Count)> _missing = [];
    private SequenceUnwrapper _unwrapper;
    private long _lastNackTickUs;
    private long _lastRrUs;
    private uint _lastSrMiddle;
    private long _lastSrArrivalUs = -1;

    public uint Ssrc => ssrc;
    public long First { get; private set; } = -1;
    public long Highest { get; private set; } = -1;
    public int MediaPackets { get; private set; }
    public int Duplicates { get; private set; }
    public int RtxPackets { get; private set; }
    public int Fillers { get; private set; }
    public int Violations { get; private set; }
    public List<string> ViolationLog { get; } = [];
    public List<(long ArrivalUs, uint Rtp, ulong Ntp)> SenderReports { get; } = [];
    public List<(long ArrivalUs, uint Timestamp)> Timestamps { get; } = [];
    public List<int> PictureIds { get; } = [];
    /// <summary>Every media packet on the media SSRC: arrival, unwrapped sequence, timestamp, VP8 fields (-1 when absent), last payload byte.</summary>
    public List<(long ArrivalUs, long Seq, uint Timestamp, bool FrameStart, bool KeyFrame, int PictureId, int Tl0, byte Tag, int Tid, bool Sync)> Media { get; } = [];
    public int Byes { get; private set; }
    public int NacksSent { get; private set; }
    public bool SendNacks { get; set; } = true;
    public Func<long, uint>? NtpMiddleAt { get; set; }

    public void OnPacket(byte[] data, long nowUs)
    {
        if (data.Length >= 2 && data[1] is >= 192 and <= 223)
        {
            foreach (var (ptype, _, p) in SimRtcp.Split(data))
            {
                if (ptype == 200 && BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)) == ssrc)
                {
                    var ntp = BinaryPrimitives.ReadUInt64BigEndian(p.AsSpan(8));
                    SenderReports.Add((nowUs, BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(16)), ntp));
                    _lastSrMiddle = (uint)(ntp >> 16);
                    _lastSrArrivalUs = nowUs;
                }
                else if (ptype == 203) Byes++;
            }
            return;
        }
        if (!RtpPacketView.TryParse(data, out var view, out _))
        {
            Fail("unparsable RTP");
            return;
        }
        ushort seq;
        if (rtxSsrc != 0 && view.Ssrc == rtxSsrc)
        {
            if (!Rtx.TryReadOriginalSequenceNumber(view, out seq))
            {
                Fail("RTX without OSN (padding probe forwarded)");
                return;
            }
            RtxPackets++;
        }
        else
        {
            if (view.Ssrc != ssrc) Fail($"unexpected SSRC {view.Ssrc}");
            seq = view.SequenceNumber;
            if (view.IsPaddingOnly)
            {
                if (view.PaddingLength != 1) Fail("publisher padding forwarded");
                Fillers++;
            }
            else
            {
                if (view.PayloadType != pt) Fail($"payload type {view.PayloadType}");
                Timestamps.Add((nowUs, view.Timestamp));
                if (view.Payload.Length > 4 && pt == SimHarness.SubVideoPt && (view.Payload[0] & 0x10) != 0)
                {
                    PictureIds.Add(BinaryPrimitives.ReadUInt16BigEndian(view.Payload[2..]) & 0x7FFF);
                }
            }
            foreach (var e in view.GetExtensions())
            {
                if (e.Id == midId && System.Text.Encoding.ASCII.GetString(e.Value) != mid) Fail("mid not rewritten");
            }
        }
        var ext = _unwrapper.Unwrap(seq);
        if (view.Ssrc == ssrc && !view.IsPaddingOnly && !_received.Contains(ext) && view.Payload.Length > 6 && pt == SimHarness.SubVideoPt)
        {
            var pl = view.Payload;
            var start = (pl[0] & 0x10) != 0;
            var temporal = (pl[1] & 0x20) != 0; // the sim's layout: X, I (15-bit), L, then T/K when present
            Media.Add((nowUs, ext, view.Timestamp, start, start && pl[^2] == SimSimulcastPublisher.KeyTag, BinaryPrimitives.ReadUInt16BigEndian(pl[2..]) & 0x7FFF, pl[4], pl[^1],
                temporal ? pl[5] >> 6 : -1, temporal && (pl[5] & 0x20) != 0));
        }
        if (!_received.Add(ext))
        {
            Duplicates++;
            return;
        }
        if (!view.IsPaddingOnly && view.Ssrc == ssrc) MediaPackets++;
        _missing.Remove(ext);
        if (First < 0) First = ext;
        if (ext > Highest)
        {
            for (var s = Math.Max(Highest + 1, First); s < ext; s++) if (!_received.Contains(s)) _missing.TryAdd(s, (nowUs, long.MinValue, 0));
            Highest = ext;
        }
        if (ext < First) First = ext;
    }

    private void Fail(string what)
    {
        Violations++;
        if (ViolationLog.Count < 20) ViolationLog.Add(what);
    }

    /// <summary>Sends NACKs and receiver reports that are due.</summary>
    public void OnTime(long nowUs, Action<byte[]> sendRtcp)
    {
        if (SendNacks && nowUs - _lastNackTickUs >= 20_000)
        {
            _lastNackTickUs = nowUs;
            var due = new List<ushort>();
            foreach (var (s, st) in _missing.ToList())
            {
                if (nowUs - st.FirstMissingUs < 10_000 || st.Count >= 10 || (st.LastNackUs != long.MinValue && nowUs - st.LastNackUs < 50_000)) continue;
                due.Add((ushort)s);
                _missing[s] = (st.FirstMissingUs, nowUs, st.Count + 1);
            }
            if (due.Count > 0)
            {
                due.Sort((a, b) => SeqNum.Diff(a, b));
                NacksSent++;
                sendRtcp(SimRtcp.Nack(feedbackSsrc, ssrc, due));
            }
        }
        if (nowUs - _lastRrUs >= 500_000 && Highest >= 0)
        {
            _lastRrUs = nowUs;
            var dlsr = _lastSrArrivalUs < 0 ? 0u : (uint)((nowUs - _lastSrArrivalUs) * 65536 / 1_000_000);
            sendRtcp(SimRtcp.ReceiverReport(feedbackSsrc, ssrc, _lastSrArrivalUs < 0 ? 0 : _lastSrMiddle, dlsr));
        }
    }

    /// <summary>Sequence numbers between the first and highest received that never arrived.</summary>
    public List<long> Gaps()
    {
        var gaps = new List<long>();
        for (var s = First; s <= Highest; s++) if (!_received.Contains(s)) gaps.Add(s);
        return gaps;
    }
}
