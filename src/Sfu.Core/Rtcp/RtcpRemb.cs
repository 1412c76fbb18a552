using System.Buffers.Binary;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>Receiver estimated maximum bitrate (PSFB, FMT 15, "REMB"): a bitrate cap for a list of SSRCs.</summary>
/// <remarks>
/// draft-alvestrand-rmcat-remb-03 §2.2:
/// <code>
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback ... (Num SSRC entries)                        |
/// </code>
/// Bitrate = mantissa (18 bits) × 2^exp (6 bits) bits per second. The media SSRC field is 0.
/// </remarks>
public readonly ref struct RtcpRemb
{
    private const int IdentifierLength = 4;
    private const int SsrcListOffset = 8;
    private const int MantissaBits = 18;
    private const uint MaxMantissa = (1u << MantissaBits) - 1;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private RtcpRemb(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    /// <summary>SSRC of the estimator.</summary>
    public uint SenderSsrc => RtcpFeedbackHeader.GetSenderSsrc(_packet);

    /// <summary>The estimate in bits per second.</summary>
    public ulong Bitrate
    {
        get
        {
            var exp = _fci[5] >> 2;
            var mantissa = ((uint)(_fci[5] & 0x03) << 16) | ((uint)_fci[6] << 8) | _fci[7];
            // An 18-bit mantissa with an exponent up to 63 can exceed 64 bits: saturate instead of wrapping
            // (a wrapped estimate would read as 0 bps, or as a small number, and throttle everyone).
            return mantissa != 0 && (ulong)mantissa > (ulong.MaxValue >> exp) ? ulong.MaxValue : (ulong)mantissa << exp;
        }
    }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _fci[4];

    /// <summary>SSRC <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_fci[(SsrcListOffset + 4 * index)..]);
    }

    /// <summary>True when a PSFB FMT 15 packet carries the REMB identifier (other application-layer feedback does not).</summary>
    public static bool IsRemb(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpFeedbackHeader.Length + IdentifierLength
        && RtcpHeader.GetPacketType(packet) == RtcpPacketType.PayloadFeedback
        && RtcpHeader.GetCount(packet) == RtcpFeedbackFormat.ApplicationLayer
        && packet.Slice(RtcpFeedbackHeader.Length, IdentifierLength).SequenceEqual("REMB"u8);

    /// <summary>Validates one REMB packet (header included); Num SSRC must fit the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpRemb remb, out PacketDropReason reason)
    {
        remb = default;
        if (!RtcpFeedbackHeader.TryGetFci(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, out var fci, out reason)) return false;
        if (fci.Length < SsrcListOffset || !fci[..IdentifierLength].SequenceEqual("REMB"u8))
        {
            reason = fci.Length < SsrcListOffset ? PacketDropReason.Truncated : PacketDropReason.Malformed;
            return false;
        }
        if (fci.Length < SsrcListOffset + 4 * fci[4])
        {
            reason = PacketDropReason.Truncated;
            return false;
        }
        remb = new RtcpRemb(packet, fci);
        return true;
    }

    /// <summary>Size of a REMB for <paramref name="ssrcCount"/> SSRCs.</summary>
    public static int GetLength(int ssrcCount) => RtcpFeedbackHeader.Length + SsrcListOffset + 4 * ssrcCount;

    /// <summary>
    /// Writes a REMB; the bitrate is rounded down to what 18 bits of mantissa can express. Returns the length.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, byte.MaxValue);
        var length = GetLength(ssrcs.Length);
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        var fci = destination[RtcpFeedbackHeader.Length..length];
        "REMB"u8.CopyTo(fci);
        var exp = 0;
        while (exp < 63 && (bitrate >> exp) > MaxMantissa) exp++;
        var mantissa = (uint)(bitrate >> exp);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)((exp << 2) | (int)(mantissa >> 16));
        fci[6] = (byte)(mantissa >> 8);
        fci[7] = (byte)mantissa;
        for (var i = 0; i < ssrcs.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(fci[(SsrcListOffset + 4 * i)..], ssrcs[i]);
        return length;
    }
}
