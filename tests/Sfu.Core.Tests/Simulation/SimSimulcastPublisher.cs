using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Media;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Simulation;

/// <summary>
/// A scripted simulcast sender of one VP8 track with layers q, h, f (one SSRC each, announced): 30 fps, every
/// active layer sends one frame per tick (4 packets for a key frame, 2 otherwise), each layer with its own
/// sequence numbers, RTP timestamp base, picture ids and TL0PICIDX. Layers start and stop when the test says;
/// key frames come exactly when the test schedules them (<see cref="KeyFrameAt"/>), and PLIs are only counted
/// unless <see cref="AnswerPli"/>. The last payload byte of every packet is its layer index, so a subscriber
/// can tell which layer it receives.
/// </summary>
internal sealed class SimSimulcastPublisher
{
    public const int AbsSendTimeId = 2, TransportCcId = 3, MidId = 4, DependencyDescriptorId = 5;

    /// <summary>Second-to-last payload byte of every packet of a key frame (else 0): the truth, whatever the frame header says.</summary>
    public const byte KeyTag = 0x4B;
    public const byte VideoPt = 96;
    public const int Layers = 3;

    private readonly Random _random;
    private readonly Func<ushort> _nextTwcc;
    private readonly uint[] _timestamp = new uint[Layers];
    private readonly ushort[] _seq = new ushort[Layers];
    private readonly int[] _pictureId = new int[Layers];
    private readonly int[] _tl0 = new int[Layers];
    private readonly List<long>[] _keyAtUs = [[], [], []];
    private readonly bool[] _keyRequested = new bool[Layers];
    private long _nextFrameUs;

    public SimSimulcastPublisher(uint firstSsrc, string mid, Func<ushort> nextTwcc, int seed)
    {
        Mid = mid;
        _nextTwcc = nextTwcc;
        _random = new Random(seed);
        for (var i = 0; i < Layers; i++)
        {
            Ssrcs[i] = firstSsrc + (uint)i;
            _seq[i] = (ushort)_random.Next();
            _timestamp[i] = (uint)_random.Next();
            _pictureId[i] = _random.Next(0, 0x7FFF);
            _tl0[i] = _random.Next(0, 0xFF);
        }
    }

    public string Mid { get; }
    public uint[] Ssrcs { get; } = new uint[Layers];
    public bool[] Active { get; } = new bool[Layers];
    public bool AnswerPli { get; set; }

    /// <summary>1 (no T field) or 3: the L1T3 pattern TID 0,2,1,2 with Y on the TID 1 and first TID 2 frame of each
    /// group (they reference TL0 only), TL0PICIDX counting TID 0 frames.</summary>
    public int TemporalLayers { get; set; } = 1;

    /// <summary>The track says its frames are end-to-end encrypted (PublishedTrackInfo.EndToEndEncrypted).</summary>
    public bool EndToEndEncrypted { get; set; }

    /// <summary>
    /// The frame's first byte (the VP8 payload header with the key-frame bit) is random, as a frame cryptor that
    /// leaves no clear prefix would make it; livekit-client's leaves 10 (key) or 3 (delta) bytes in clear, the
    /// default here (every byte after the payload header's first is random in every mode).
    /// </summary>
    public bool EncryptedFrameHeader { get; set; }

    /// <summary>Send the dependency descriptor extension (AV1 RTP spec Appendix A) with the template structure on key frames.</summary>
    public bool DependencyDescriptor { get; set; }

    private readonly ushort[] _frameNumber = new ushort[Layers];
    private readonly int[] _frame = new int[Layers];
    public List<(long TimeUs, int Layer)> Plis { get; } = [];
    public List<(long TimeUs, int Layer)> KeyFrames { get; } = [];

    /// <summary>The first frame of <paramref name="layer"/> at or after <paramref name="ms"/> is a key frame.</summary>
    public void KeyFrameAt(int layer, long ms) => _keyAtUs[layer].Add(ms * 1000);

    public PublishedTrackInfo Info()
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(AbsSendTimeId, RtpExtensionUri.AbsSendTime);
        map.Register(TransportCcId, RtpExtensionUri.TransportWideCc);
        map.Register(MidId, RtpExtensionUri.Mid);
        if (DependencyDescriptor) map.Register(DependencyDescriptorId, RtpExtensionUri.DependencyDescriptor);
        return new PublishedTrackInfo
        {
            TrackId = "TR_" + Mid,
            Kind = MediaKind.Video,
            Mid = Mid,
            Codecs = [new TrackCodec(VideoPt, "VP8", 90000)],
            Extensions = map,
            Ssrcs = [.. Ssrcs],
            Rids = ["q", "h", "f"],
            Nack = true,
            Pli = true,
            EndToEndEncrypted = EndToEndEncrypted,
        };
    }

    public void OnTime(long nowUs, Action<byte[]> send)
    {
        if (nowUs < _nextFrameUs) return;
        _nextFrameUs = nowUs + 33_333;
        for (var l = 0; l < Layers; l++)
        {
            _timestamp[l] += 3000;
            if (!Active[l]) continue;
            var key = _keyRequested[l];
            var due = _keyAtUs[l].FindIndex(t => t <= nowUs);
            if (due >= 0)
            {
                _keyAtUs[l].RemoveAt(due);
                key = true;
            }
            _keyRequested[l] = false;
            if (key) KeyFrames.Add((nowUs, l));
            if (key) _frame[l] = 0;
            var (tid, sync) = TemporalLayers == 3 ? (_frame[l] % 4) switch { 0 => (0, false), 1 => (2, true), 2 => (1, true), _ => (2, false) } : (0, false);
            _frame[l]++;
            _pictureId[l] = (_pictureId[l] + 1) & 0x7FFF;
            if (tid == 0) _tl0[l] = (_tl0[l] + 1) & 0xFF;
            _frameNumber[l]++;
            var packets = key ? 4 : 2;
            for (var i = 0; i < packets; i++) send(Build(l, i == 0, key, i == packets - 1, nowUs, tid, sync));
        }
    }

    private byte[] Build(int layer, bool first, bool key, bool marker, long nowUs, int tid, bool sync)
    {
        var payload = new byte[300];
        _random.NextBytes(payload);
        payload[0] = (byte)(0x80 | (first ? 0x10 : 0)); // RFC 7741 §4.2: X, S, PID 0
        var temporal = TemporalLayers > 1;
        payload[1] = (byte)(temporal ? 0xE0 : 0xC0); // I, L (and T)
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), (ushort)(0x8000 | _pictureId[layer]));
        payload[4] = (byte)_tl0[layer];
        var header = 5;
        if (temporal) payload[header++] = (byte)((tid << 6) | (sync ? 0x20 : 0)); // TID, Y, KEYIDX 0
        if (first && !EncryptedFrameHeader) payload[header] = (byte)(key ? 0x10 : 0x11); // RFC 7741 §4.3: P = 0 on key frames
        payload[^2] = key ? KeyTag : (byte)0;
        payload[^1] = (byte)layer;

        var mid = Encoding.ASCII.GetBytes(Mid);
        var twcc = _nextTwcc();
        var abs = Sfu.Core.Rtp.Extensions.AbsSendTimeExtension.FromMicroseconds(nowUs);
        var ext = new List<byte>();
        ext.AddRange([(byte)((AbsSendTimeId << 4) | 2), (byte)(abs >> 16), (byte)(abs >> 8), (byte)abs]);
        ext.AddRange([(byte)((TransportCcId << 4) | 1), (byte)(twcc >> 8), (byte)twcc]);
        ext.Add((byte)((MidId << 4) | (mid.Length - 1)));
        ext.AddRange(mid);
        if (DependencyDescriptor)
        {
            // Mandatory fields (S, E, template id, frame number), then on a key frame's first packet the extended
            // fields' first bit (template structure present) and a stand-in for the structure.
            var fn = _frameNumber[layer];
            var sof = first ? 0x80 : 0;
            var eof = marker ? 0x40 : 0;
            if (first && key) ext.AddRange([(byte)((DependencyDescriptorId << 4) | 5), (byte)(sof | eof), (byte)(fn >> 8), (byte)fn, 0x80, 0x11, 0x22]);
            else ext.AddRange([(byte)((DependencyDescriptorId << 4) | 2), (byte)(sof | eof | 1), (byte)(fn >> 8), (byte)fn]);
        }
        while (ext.Count % 4 != 0) ext.Add(0);

        var packet = new byte[16 + ext.Count + payload.Length];
        packet[0] = 0x90;
        packet[1] = (byte)((marker ? 0x80 : 0) | VideoPt);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _seq[layer]++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp[layer]);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrcs[layer]);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(ext.Count / 4));
        ext.CopyTo(packet, 16);
        payload.CopyTo(packet, 16 + ext.Count);
        return packet;
    }

    public void OnRtcp(byte[] data, long nowUs)
    {
        foreach (var (pt, fmt, p) in SimRtcp.Split(data))
        {
            if (pt != 206 || fmt is not (1 or 4) || p.Length < 12) continue;
            var media = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8));
            var layer = Array.IndexOf(Ssrcs, media);
            if (layer < 0) continue;
            Plis.Add((nowUs, layer));
            if (AnswerPli) _keyRequested[layer] = true;
        }
    }
}
