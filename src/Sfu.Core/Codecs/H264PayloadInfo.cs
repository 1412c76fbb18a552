using Sfu.Core.Diagnostics;

namespace Sfu.Core.Codecs;

/// <summary>What an H.264 RTP payload carries, as far as forwarding needs to know: packetization, NAL types, keyframe.</summary>
/// <remarks>
/// RFC 6184 §5.6 (single NAL unit), §5.7.1 (STAP-A: 16-bit size then NAL unit, repeated), §5.8 (FU-A:
/// indicator, then header S|E|R|type). A keyframe is an IDR slice (type 5): in a single NAL unit, in any
/// STAP-A entry, or in the first FU-A fragment. Every STAP-A size is checked against the payload
/// (libwebrtc bug 11698 read past it).
/// </remarks>
public readonly record struct H264PayloadInfo(
    H264Packetization Packetization,
    int NalUnitType,
    bool HasIdr,
    bool HasSps,
    bool HasPps,
    bool IsFragmentStart,
    bool IsFragmentEnd)
{
    /// <summary>NAL type of an IDR slice.</summary>
    public const int IdrSlice = 5;
    /// <summary>NAL type of a sequence parameter set.</summary>
    public const int Sps = 7;
    /// <summary>NAL type of a picture parameter set.</summary>
    public const int Pps = 8;
    /// <summary>STAP-A packet type.</summary>
    public const int StapAType = 24;
    /// <summary>FU-A packet type.</summary>
    public const int FuAType = 28;

    /// <summary>True when the packet starts (or is) an IDR picture: a decoder can start here.</summary>
    public bool IsKeyframe => HasIdr && (Packetization != H264Packetization.FuA || IsFragmentStart);

    /// <summary>Reads the NAL structure of <paramref name="payload"/>; false when empty, forbidden bit set, or a size runs past the end.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out H264PayloadInfo info, out PacketDropReason reason)
    {
        info = default;
        if (payload.IsEmpty)
        {
            reason = PacketDropReason.TooShort;
            return false;
        }
        if ((payload[0] & 0x80) != 0)
        {
            reason = PacketDropReason.Malformed; // forbidden_zero_bit
            return false;
        }
        var type = payload[0] & 0x1F;
        reason = PacketDropReason.None;
        switch (type)
        {
            case >= 1 and <= 23:
                info = new H264PayloadInfo(H264Packetization.SingleNalUnit, type, type == IdrSlice, type == Sps, type == Pps, false, false);
                return true;
            case StapAType:
                bool idr = false, sps = false, pps = false;
                var offset = 1;
                var first = -1;
                while (offset < payload.Length)
                {
                    if (payload.Length - offset < 2)
                    {
                        reason = PacketDropReason.Truncated;
                        return false;
                    }
                    var size = (payload[offset] << 8) | payload[offset + 1];
                    offset += 2;
                    if (size == 0 || size > payload.Length - offset)
                    {
                        reason = size == 0 ? PacketDropReason.Malformed : PacketDropReason.Truncated;
                        return false;
                    }
                    var nal = payload[offset] & 0x1F;
                    if (first < 0) first = nal;
                    idr |= nal == IdrSlice;
                    sps |= nal == Sps;
                    pps |= nal == Pps;
                    offset += size;
                }
                if (first < 0)
                {
                    reason = PacketDropReason.TooShort;
                    return false;
                }
                info = new H264PayloadInfo(H264Packetization.StapA, first, idr, sps, pps, false, false);
                return true;
            case FuAType:
                if (payload.Length < 2)
                {
                    reason = PacketDropReason.TooShort;
                    return false;
                }
                var header = payload[1];
                var fragmentType = header & 0x1F;
                info = new H264PayloadInfo(H264Packetization.FuA, fragmentType, fragmentType == IdrSlice, fragmentType == Sps,
                    fragmentType == Pps, (header & 0x80) != 0, (header & 0x40) != 0);
                return true;
            default:
                info = new H264PayloadInfo(H264Packetization.Other, type, false, false, false, false, false);
                return true;
        }
    }
}
