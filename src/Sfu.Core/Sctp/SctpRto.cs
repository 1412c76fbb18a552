namespace Sfu.Core.Sctp;

/// <summary>
/// Retransmission timeout (RFC 9260 section 6.3.1): SRTT and RTTVAR with alpha 1/8 and beta 1/4,
/// RTO = SRTT + 4 RTTVAR clamped to [min, max], doubled on each T3 expiry (section 6.3.3 E2).
/// </summary>
internal sealed class SctpRto(SctpOptions options)
{
    private double _srtt;
    private double _rttvar;
    private bool _measured;

    public long RtoMs { get; private set; } = options.RtoInitialMs;
    public double SrttMs => _srtt;

    public void OnMeasurement(long rttMs)
    {
        var r = Math.Max(0, rttMs);
        if (!_measured)
        {
            _srtt = r;
            _rttvar = r / 2.0;
            _measured = true;
        }
        else
        {
            _rttvar = 0.75 * _rttvar + 0.25 * Math.Abs(_srtt - r);
            _srtt = 0.875 * _srtt + 0.125 * r;
        }
        RtoMs = Math.Clamp((long)(_srtt + 4 * _rttvar), options.RtoMinMs, options.RtoMaxMs);
    }

    public void Backoff() => RtoMs = Math.Min(RtoMs * 2, options.RtoMaxMs);
}
