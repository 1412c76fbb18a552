namespace Sfu.Core.Codecs;

/// <summary>Reads the one-byte AV1 RTP aggregation header, which is all the SFU needs to spot AV1 keyframes.</summary>
/// <remarks>
/// AV1 RTP payload specification §4.4:
/// <code>
/// +-+-+-+-+-+-+-+-+
/// |Z|Y| W |N|-|-|-|
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Z: the first OBU continues one from the previous packet; Y: the last OBU continues in the next packet;
/// W: number of OBU elements (0 = each has a length field); N: the packet is the first of a new coded video
/// sequence, which starts with a keyframe.
/// </remarks>
public static class Av1AggregationHeader
{
    /// <summary>True when the packet begins a new coded video sequence (N), i.e. a keyframe; false for empty payloads.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload) => !payload.IsEmpty && (payload[0] & 0x08) != 0;

    /// <summary>Decodes the header fields; false for an empty payload.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out bool continuesFragment, out bool fragmentContinues, out int obuCount, out bool newCodedVideoSequence)
    {
        continuesFragment = fragmentContinues = newCodedVideoSequence = false;
        obuCount = 0;
        if (payload.IsEmpty) return false;
        var b = payload[0];
        continuesFragment = (b & 0x80) != 0;
        fragmentContinues = (b & 0x40) != 0;
        obuCount = (b >> 4) & 0x03;
        newCodedVideoSequence = (b & 0x08) != 0;
        return true;
    }
}
