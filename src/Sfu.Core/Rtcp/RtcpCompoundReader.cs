using Sfu.Core.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram. <see cref="TryParse"/> validates every header first, so
/// the walk itself cannot fail or run past the datagram.
/// </summary>
/// <remarks>
/// RFC 3550 §6.1: a compound packet is a plain concatenation of RTCP packets, each with its own length.
/// RFC 5506 (reduced-size RTCP) allows compounds that do not start with SR/RR, so the first type is not
/// enforced. Each packet is handed out whole (header included) for the per-type <c>TryParse</c> methods,
/// which check their own bodies (report counts, FCI sizes) against that packet's length, never the
/// datagram's (the Janus report-count overread, security.md item 32).
/// </remarks>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _compound;
    private int _next;
    private int _currentStart;
    private int _currentLength;

    private RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _compound = compound;
        _next = 0;
        _currentStart = 0;
        _currentLength = 0;
    }

    /// <summary>The current packet, header included.</summary>
    public readonly ReadOnlySpan<byte> Current => _compound.Slice(_currentStart, _currentLength);

    /// <summary>The type of the current packet.</summary>
    public readonly RtcpPacketType CurrentType => RtcpHeader.GetPacketType(Current);

    /// <summary>The count/FMT field of the current packet.</summary>
    public readonly int CurrentCount => RtcpHeader.GetCount(Current);

    /// <summary>Validates the packet boundaries of a compound; false when any header is bad or runs past the end.</summary>
    public static bool TryParse(ReadOnlySpan<byte> compound, out RtcpCompoundReader reader, out PacketDropReason reason)
    {
        reader = default;
        if (compound.Length < RtcpHeader.Length)
        {
            reason = PacketDropReason.TooShort;
            return false;
        }
        var offset = 0;
        while (offset < compound.Length)
        {
            if (!RtcpHeader.TryReadPacketLength(compound[offset..], out var length, out reason))
            {
                if (reason == PacketDropReason.TooShort) reason = PacketDropReason.Truncated;
                return false;
            }
            offset += length;
        }
        reader = new RtcpCompoundReader(compound);
        reason = PacketDropReason.None;
        return true;
    }

    /// <summary>Returns this reader (for <c>foreach</c> over the packets).</summary>
    public readonly RtcpCompoundReader GetEnumerator() => this;

    /// <summary>Moves to the next packet.</summary>
    public bool MoveNext()
    {
        if (!RtcpHeader.TryReadPacketLength(_compound[_next..], out var length, out _)) return false;
        _currentStart = _next;
        _currentLength = length;
        _next += length;
        return true;
    }
}
