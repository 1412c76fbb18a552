using Sfu.Core.Feedback;
using Sfu.Core.Primitives;

namespace Sfu.Core.Routing;

/// <summary>
/// One encoding of a published track (the single stream, or one simulcast rid): its SSRC and RTX SSRC, and
/// all ingress state kept per SSRC: unwrapping, duplicate and loss tracking, statistics, retransmission cache,
/// key-frame request throttle and the publisher's last sender report.
/// </summary>
/// <remarks>
/// <see cref="Epoch"/> increases whenever the stream restarts (a new SSRC for the same mid/rid, or a sequence
/// jump larger than <see cref="MaxSequenceJump"/>); down-tracks re-synchronise their rewriters when it changes.
/// Owned by its <see cref="PublishedTrack"/>; the cache's buffer references are released by <see cref="Close"/>.
/// </remarks>
public sealed class PublishedLayer
{
    /// <summary>A sequence jump larger than this is a restart, not loss (RFC 3550 A.1 MAX_DROPOUT).</summary>
    public const int MaxSequenceJump = 3000;

    /// <summary>A layer whose last packet is older than this is not live (the publisher stopped sending it).</summary>
    public const long LiveWindowUs = 500_000;

    private SequenceUnwrapper _unwrapper;

    internal PublishedLayer(int index, string? rid, int quality, int clockRate, RoomOptions options)
    {
        Index = index;
        Rid = rid;
        Quality = quality;
        ClockRate = clockRate;
        Statistics = new ReceiveStatistics(clockRate);
        Cache = new RetransmissionCache(options.RetransmissionCacheSize, options.RetransmissionCacheMaxAgeMs);
        KeyframeThrottle = new KeyframeRequestThrottle(options.KeyframeRequestIntervalMs);
    }

    /// <summary>Index in <see cref="PublishedTrack.Layers"/>.</summary>
    public int Index { get; }

    /// <summary>The rid, or null for a single stream.</summary>
    public string? Rid { get; }

    /// <summary>Quality rank among the track's layers (higher is better): from the published layer list
    /// (<see cref="Media.PublishedTrackInfo.LayerQualities"/>), else the rid's position in the offer.</summary>
    public int Quality { get; }

    /// <summary>A key frame arrived since the layer (re)started: subscribers can switch to it.</summary>
    public bool KeyFrameSeen { get; internal set; }

    /// <summary>
    /// Live at <paramref name="nowUs"/>: a packet arrived within <see cref="LiveWindowUs"/> and a key frame
    /// was seen since the layer (re)started. Only live layers are switch targets.
    /// </summary>
    public bool IsLive(long nowUs) => KeyFrameSeen && LastPacketUs >= 0 && nowUs - LastPacketUs <= LiveWindowUs;

    /// <summary>RTP clock rate of the track's codec.</summary>
    public int ClockRate { get; }

    /// <summary>Media SSRC (0 until known).</summary>
    public uint Ssrc { get; internal set; }

    /// <summary>RTX SSRC (0 until known or when none).</summary>
    public uint RtxSsrc { get; internal set; }

    /// <summary>Incremented on every restart of the stream.</summary>
    public int Epoch { get; private set; }

    /// <summary>Reception statistics (loss, jitter) for receiver reports and quality.</summary>
    public ReceiveStatistics Statistics { get; private set; }

    /// <summary>Loss tracking and NACK scheduling.</summary>
    public NackGenerator Nack { get; } = new();

    /// <summary>Frame rate per temporal layer (VP8 TID), for frame-rate caps.</summary>
    public TemporalFrameRates FrameRates { get; } = new();

    /// <summary>Packets subscribers may still NACK.</summary>
    public RetransmissionCache Cache { get; }

    /// <summary>PLI/FIR aggregation towards the publisher.</summary>
    public KeyframeRequestThrottle KeyframeThrottle { get; }

    /// <summary>Media packets received on this layer (duplicates excluded).</summary>
    public long PacketsReceived { get; internal set; }

    /// <summary>Arrival time of the last media packet, or -1.</summary>
    public long LastPacketUs { get; internal set; } = -1;

    /// <summary>Whether the publisher's last SR is known (<see cref="SenderReportRtp"/>, <see cref="SenderReportArrivalUs"/>).</summary>
    public bool HasSenderReport { get; private set; }

    /// <summary>RTP timestamp of the publisher's last SR.</summary>
    public uint SenderReportRtp { get; private set; }

    /// <summary>Local arrival time of the publisher's last SR.</summary>
    public long SenderReportArrivalUs { get; private set; }

    /// <summary>Sequence number of the next FIR (RFC 5104 §4.3.1.1).</summary>
    internal byte FirSequence { get; set; }

    internal long Unwrap(ushort seq, out bool restarted)
    {
        restarted = false;
        if (_unwrapper.HasStarted && Math.Abs(_unwrapper.Peek(seq) - _unwrapper.Highest) > MaxSequenceJump)
        {
            Restart();
            restarted = true;
        }
        return _unwrapper.Unwrap(seq);
    }

    /// <summary>The stream restarted (new SSRC or large jump): forget per-SSRC state, bump the epoch.</summary>
    internal void Restart()
    {
        _unwrapper = default;
        Nack.Reset();
        Cache.Clear();
        Statistics = new ReceiveStatistics(ClockRate);
        HasSenderReport = false;
        KeyFrameSeen = false;
        Epoch++;
    }

    internal void OnSenderReport(ulong ntp, uint rtpTimestamp, long nowUs)
    {
        Statistics.OnSenderReport(ntp, nowUs);
        HasSenderReport = true;
        SenderReportRtp = rtpTimestamp;
        SenderReportArrivalUs = nowUs;
    }

    internal void Close() => Cache.Clear();
}
