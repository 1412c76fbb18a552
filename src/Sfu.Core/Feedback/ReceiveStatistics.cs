using Sfu.Core.Rtcp;

namespace Sfu.Core.Feedback;

/// <summary>
/// Reception statistics of one incoming RTP stream: loss (cumulative and fraction since the last report),
/// interarrival jitter, and the LSR/DLSR bookkeeping for receiver reports.
/// </summary>
/// <remarks>
/// RFC 3550 A.3 (expected and lost packets, fraction lost per interval) and A.8 (jitter: J += (|D| - J)/16,
/// with D the difference in transit times measured in RTP timestamp units). Sequence numbers arrive already
/// unwrapped (extended) from the track, so no cycle counting is done here.
/// </remarks>
public sealed class ReceiveStatistics
{
    private readonly int _clockRate;
    private bool _started;
    private long _baseSeq;
    private long _maxSeq;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;
    private uint _lastSrMiddle;
    private long _lastSrArrivalUs = -1;

    /// <summary>Statistics for a stream with this RTP clock rate.</summary>
    public ReceiveStatistics(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        _clockRate = clockRate;
    }

    /// <summary>Packets received (retransmissions that filled a gap included, duplicates not).</summary>
    public long Received => _received;

    /// <summary>Highest extended sequence number seen.</summary>
    public long HighestSequence => _maxSeq;

    /// <summary>Packets expected from the first to the highest sequence number.</summary>
    public long Expected => _started ? _maxSeq - _baseSeq + 1 : 0;

    /// <summary>Cumulative lost (may be negative with duplicates, RFC 3550 A.3).</summary>
    public long CumulativeLost => Expected - _received;

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public double Jitter => _jitter;

    /// <summary>Jitter in milliseconds.</summary>
    public double JitterMs => _jitter * 1000.0 / _clockRate;

    /// <summary>Loss fraction (0..1) of the last completed report interval.</summary>
    public double LastFractionLost { get; private set; }

    /// <summary>Records a packet; <paramref name="retransmitted"/> packets count as received but not for jitter.</summary>
    public void OnPacket(long extendedSeq, uint rtpTimestamp, long arrivalUs, bool retransmitted)
    {
        if (!_started)
        {
            _started = true;
            _baseSeq = _maxSeq = extendedSeq;
        }
        else if (extendedSeq > _maxSeq) _maxSeq = extendedSeq;
        else if (extendedSeq < _baseSeq) _baseSeq = extendedSeq;
        _received++;
        if (retransmitted) return;

        // A.8: transit = arrival (in RTP units) - timestamp; the arrival clock's origin cancels out in D.
        var arrival = arrivalUs * _clockRate / 1_000_000;
        var transit = arrival - rtpTimestamp;
        if (_haveTransit)
        {
            var d = Math.Abs((double)(int)(transit - _lastTransit));
            _jitter += (d - _jitter) / 16.0;
        }
        _lastTransit = transit;
        _haveTransit = true;
    }

    /// <summary>Remembers the publisher's last SR (middle 32 bits of its NTP time) for LSR/DLSR.</summary>
    public void OnSenderReport(ulong ntp, long arrivalUs)
    {
        _lastSrMiddle = NtpTime.Middle32(ntp);
        _lastSrArrivalUs = arrivalUs;
    }

    /// <summary>Builds the report block for a receiver report at <paramref name="nowUs"/> and starts a new interval.</summary>
    public RtcpReportBlock BuildReport(uint ssrc, long nowUs)
    {
        var expected = Expected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        byte fraction = 0;
        if (expectedInterval > 0 && lostInterval > 0) fraction = (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        LastFractionLost = fraction / 256.0;
        var dlsr = _lastSrArrivalUs < 0 ? 0u : NtpTime.ToCompact(nowUs - _lastSrArrivalUs);
        return new RtcpReportBlock(ssrc, fraction, (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF), (uint)_maxSeq,
            (uint)_jitter, _lastSrArrivalUs < 0 ? 0 : _lastSrMiddle, dlsr);
    }
}
