namespace Sfu.Core.Srtp;

/// <summary>Settings of an <see cref="SrtpContext"/>; the defaults suit a WebRTC SFU.</summary>
public sealed class SrtpContextOptions
{
    /// <summary>The defaults.</summary>
    public static SrtpContextOptions Default { get; } = new();

    /// <summary>Cipher implementation (falls back to portable when libcrypto is missing).</summary>
    public SrtpBackend Backend { get; init; } = SrtpBackend.Accelerated;

    /// <summary>Replay window size in packets, per SSRC, for SRTP and SRTCP: 64 (RFC 3711 section 3.3.2 minimum) to 1024.</summary>
    public int ReplayWindowSize { get; init; } = ReplayWindow.DefaultSize;

    /// <summary>How many SSRCs the context tracks; a packet of another SSRC is refused with <see cref="SrtpError.UnknownSsrc"/>.</summary>
    public int MaxSsrcs { get; init; } = 32;

    /// <summary>
    /// When true (default) an SSRC seen for the first time is learned, after its first packet authenticates
    /// (simulcast offers carry no a=ssrc lines). When false only SSRCs added with <see cref="SrtpContext.AddSsrc"/> pass.
    /// </summary>
    public bool LearnSsrcs { get; init; } = true;
}
