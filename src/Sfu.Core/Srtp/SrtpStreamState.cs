namespace Sfu.Core.Srtp;

/// <summary>Per-SSRC state of one <see cref="SrtpContext"/>: the RTP index (ROC and highest sequence number), replay windows, and the SRTCP send index.</summary>
/// <remarks>RFC 3711 section 3.2.1 (cryptographic context per SSRC) and section 3.3.1 (index = 2^16 * ROC + SEQ).</remarks>
internal sealed class SrtpStreamState
{
    /// <summary>True once an RTP packet of this SSRC was protected or authenticated.</summary>
    public bool RtpStarted;

    /// <summary>Highest 48-bit SRTP index so far: ROC in the upper 32 bits, s_l in the lower 16.</summary>
    public ulong RtpHighestIndex;

    /// <summary>Receive side: replay window over the SRTP index (created on the first authenticated packet).</summary>
    public ReplayWindow? RtpWindow;

    /// <summary>Receive side: replay window over the SRTCP index.</summary>
    public ReplayWindow? RtcpWindow;

    /// <summary>Send side: the SRTCP index the next protected RTCP packet gets (RFC 3711 section 3.4: starts at 0).</summary>
    public uint NextRtcpIndex;
}
