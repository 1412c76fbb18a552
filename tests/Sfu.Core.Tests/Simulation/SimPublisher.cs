using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Media;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// A scripted Chromium-like sender of one track: VP8 at 30 fps (key frame on start, on PLI and every
/// <see cref="KeyFrameInterval"/> frames; 15-bit picture id, TL0PICIDX) or Opus every 20 ms with
/// ssrc-audio-level. Extensions as Chromium numbers them (1 audio-level, 2 abs-send-time, 3 transport-cc,
/// 4 mid). Answers NACKs with RTX when it has an RTX SSRC, else with the same packet.
/// </summary>
internal sealed class SimPublisher
{
    public const int AudioLevelId = 1, AbsSendTimeId = 2, TransportCcId = 3, MidId = 4;
    public const byte VideoPt = 96, RtxPt = 97, OpusPt = 111;

    private readonly Dictionary<ushort, byte[]> _history = [];
    private readonly Random _random;
    private readonly Func<ushort> _nextTwcc;
    private long _nextFrameUs;
    private uint _timestamp;
    private ushort _rtxSeq = 1;
    private bool _keyRequested = true;
    private int _frame;

    public SimPublisher(MediaKind kind, uint ssrc, uint rtxSsrc, string mid, Func<ushort> nextTwcc, int seed, ushort firstSeq = 1000)
    {
        Kind = kind;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        Mid = mid;
        _nextTwcc = nextTwcc;
        _random = new Random(seed);
        Seq = firstSeq;
        _timestamp = (uint)_random.Next();
        PictureId = _random.Next(0, 0x7FFF);
    }

    public MediaKind Kind { get; }
    public uint Ssrc { get; set; }
    public uint RtxSsrc { get; }
    public string Mid { get; }
    public ushort Seq { get; set; }
    public int PictureId { get; set; }
    public int Tl0PicIdx { get; set; }
    public byte AudioLevel { get; set; } = 127;
    public bool Voice { get; set; }
    public bool Paused { get; set; }
    public int KeyFrameInterval { get; set; } = 90;
    /// <summary>Send a padding-only probe on the media SSRC after every Nth frame (0 = never).</summary>
    public int PaddingEvery { get; set; }
    public bool AnswerNacks { get; set; } = true;
    public int KeyFramesSent { get; private set; }
    public int PlisReceived { get; private set; }
    public int NacksReceived { get; private set; }
    public int Retransmissions { get; private set; }
    public List<byte[]> TransportFeedback { get; } = [];
    public List<long> PliTimesUs { get; } = [];
    public int ReceiverReports { get; private set; }
    /// <summary>Negotiate goog-remb (announced in <see cref="Info"/>).</summary>
    public bool NegotiateRemb { get; set; }
    /// <summary>Negotiate the transport-wide-cc extension (announced in <see cref="Info"/>).</summary>
    public bool NegotiateTransportCc { get; set; } = true;
    /// <summary>Bitrates of the REMBs received (bps).</summary>
    public List<ulong> RembBitrates { get; } = [];

    public PublishedTrackInfo Info(bool withSsrcs = true)
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(AbsSendTimeId, RtpExtensionUri.AbsSendTime);
        if (NegotiateTransportCc) map.Register(TransportCcId, RtpExtensionUri.TransportWideCc);
        map.Register(MidId, RtpExtensionUri.Mid);
        if (Kind == MediaKind.Audio) map.Register(AudioLevelId, RtpExtensionUri.AudioLevel);
        return new PublishedTrackInfo
        {
            TrackId = "TR_" + Mid,
            Kind = Kind,
            Mid = Mid,
            Codecs = Kind == MediaKind.Video ? [new TrackCodec(VideoPt, "VP8", 90000, RtxSsrc != 0 ? RtxPt : (byte)0)] : [new TrackCodec(OpusPt, "opus", 48000)],
            Extensions = map,
            Ssrcs = withSsrcs ? [Ssrc] : [],
            RtxSsrcs = withSsrcs && RtxSsrc != 0 ? [RtxSsrc] : [],
            Nack = Kind == MediaKind.Video,
            Pli = Kind == MediaKind.Video,
            Fir = Kind == MediaKind.Video,
            Remb = NegotiateRemb,
        };
    }

    /// <summary>Sends whatever is due at <paramref name="nowUs"/>.</summary>
    public void OnTime(long nowUs, Action<byte[]> send)
    {
        if (nowUs < _nextFrameUs) return;
        if (Kind == MediaKind.Audio)
        {
            _nextFrameUs = nowUs + 20_000;
            _timestamp += 960;
            if (!Paused) send(Build(OpusPayload(), marker: false, nowUs));
            return;
        }
        _nextFrameUs = nowUs + 33_333;
        _timestamp += 3000;
        if (Paused) return;
        var key = _keyRequested || _frame % KeyFrameInterval == 0;
        _keyRequested = false;
        _frame++;
        if (key) KeyFramesSent++;
        PictureId = (PictureId + 1) & 0x7FFF;
        if (key) Tl0PicIdx = (Tl0PicIdx + 1) & 0xFF;
        var packets = key ? 6 : 3;
        for (var i = 0; i < packets; i++) send(Build(Vp8Payload(i == 0, key), marker: i == packets - 1, nowUs));
        if (PaddingEvery > 0 && _frame % PaddingEvery == 0) send(BuildPadding(nowUs));
    }

    private byte[] OpusPayload()
    {
        var p = new byte[60];
        _random.NextBytes(p);
        p[0] = 0x78;
        return p;
    }

    private byte[] Vp8Payload(bool first, bool key)
    {
        var p = new byte[900];
        _random.NextBytes(p);
        p[0] = (byte)(0x80 | (first ? 0x10 : 0)); // X, S, PID 0
        p[1] = 0xC0; // I, L
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(0x8000 | PictureId));
        p[4] = (byte)Tl0PicIdx;
        p[5] = (byte)(first ? (key ? 0x10 : 0x11) : p[5]); // payload header: P bit = 0 on key frames
        p[^2] = key ? SimSimulcastPublisher.KeyTag : (byte)0; // the truth for SimSubscriber
        return p;
    }

    private byte[] Extensions(long nowUs, bool withLevel)
    {
        var mid = Encoding.ASCII.GetBytes(Mid);
        var twcc = _nextTwcc();
        var abs = Sfu.Core.Rtp.Extensions.AbsSendTimeExtension.FromMicroseconds(nowUs);
        var list = new List<byte>();
        list.AddRange([(byte)((AbsSendTimeId << 4) | 2), (byte)(abs >> 16), (byte)(abs >> 8), (byte)abs]);
        list.AddRange([(byte)((TransportCcId << 4) | 1), (byte)(twcc >> 8), (byte)twcc]);
        list.Add((byte)((MidId << 4) | (mid.Length - 1)));
        list.AddRange(mid);
        if (withLevel) list.AddRange([(byte)(AudioLevelId << 4), (byte)((Voice ? 0x80 : 0) | AudioLevel)]);
        while (list.Count % 4 != 0) list.Add(0);
        return [.. list];
    }

    private byte[] Build(byte[] payload, bool marker, long nowUs)
    {
        var ext = Extensions(nowUs, Kind == MediaKind.Audio);
        var packet = new byte[12 + 4 + ext.Length + payload.Length];
        packet[0] = 0x90;
        packet[1] = (byte)((marker ? 0x80 : 0) | (Kind == MediaKind.Video ? VideoPt : OpusPt));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(ext.Length / 4));
        ext.CopyTo(packet, 16);
        payload.CopyTo(packet, 16 + ext.Length);
        _history[Seq] = packet;
        _history.Remove((ushort)(Seq - 2000));
        Seq++;
        return packet;
    }

    private byte[] BuildPadding(long nowUs)
    {
        var ext = Extensions(nowUs, false);
        var packet = new byte[12 + 4 + ext.Length + 255];
        packet[0] = 0xB0; // V=2, P, X
        packet[1] = VideoPt;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Seq++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(ext.Length / 4));
        ext.CopyTo(packet, 16);
        packet[^1] = 255;
        return packet;
    }

    /// <summary>A padding-only RTX probe (as Chromium sends before media): must never be forwarded.</summary>
    public byte[] BuildRtxProbe(long nowUs)
    {
        var ext = Extensions(nowUs, false);
        var packet = new byte[12 + 4 + ext.Length + 255];
        packet[0] = 0xB0;
        packet[1] = RtxPt;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _rtxSeq++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), RtxSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(ext.Length / 4));
        ext.CopyTo(packet, 16);
        packet[^1] = 255;
        return packet;
    }

    /// <summary>Feedback from the SFU.</summary>
    public void OnRtcp(byte[] data, long nowUs, Action<byte[]> send)
    {
        foreach (var (pt, fmt, p) in SimRtcp.Split(data))
        {
            if (pt == 206 && fmt is 1 or 4)
            {
                PlisReceived++;
                PliTimesUs.Add(nowUs);
                _keyRequested = true;
            }
            else if (pt == 205 && fmt == 1)
            {
                NacksReceived++;
                foreach (var seq in SimRtcp.NackedSequences(p)) Resend(seq, nowUs, send);
            }
            else if (pt == 205 && fmt == 15) TransportFeedback.Add(p);
            else if (pt == 201) ReceiverReports++;
            else if (pt == 206 && fmt == 15 && p.Length >= 20 && p.AsSpan(12, 4).SequenceEqual("REMB"u8))
            {
                // draft-alvestrand-rmcat-remb-03 §2.2: 6-bit exponent, 18-bit mantissa.
                RembBitrates.Add((ulong)(((p[17] & 0x03) << 16) | (p[18] << 8) | p[19]) << (p[17] >> 2));
            }
        }
    }

    private void Resend(ushort seq, long nowUs, Action<byte[]> send)
    {
        if (!AnswerNacks || !_history.TryGetValue(seq, out var original)) return;
        Retransmissions++;
        if (RtxSsrc == 0)
        {
            send(original);
            return;
        }
        RtpPacketView.TryParse(original.ToArray(), out var view, out _);
        var rtx = new byte[Rtx.GetEncapsulatedLength(view)];
        Rtx.TryEncapsulate(view, RtxPt, RtxSsrc, _rtxSeq++, rtx, out _);
        // A fresh transport-wide number, as a real sender stamps every packet it sends.
        if (RtpPacketView.TryParse(rtx, out var rv, out _))
        {
            var twcc = _nextTwcc();
            rv.TrySetExtension(TransportCcId, [(byte)(twcc >> 8), (byte)twcc]);
        }
        send(rtx);
        _ = nowUs;
    }
}
