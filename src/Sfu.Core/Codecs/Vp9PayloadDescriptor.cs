using Sfu.Core.Diagnostics;

namespace Sfu.Core.Codecs;

/// <summary>A read-only view of the VP9 payload descriptor: picture id, spatial and temporal ids, frame boundaries, keyframe.</summary>
/// <remarks>
/// RFC 9628 §4.2:
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (7 or 15 bits)
/// L:   |  T  |U|  S  |D| (then TL0PICIDX when F = 0)
/// P,F: | P_DIFF      |N| (up to 3 times, flexible mode)
/// V:   | SS            | (scalability structure, §4.2.1)
/// </code>
/// A keyframe is a packet that starts a frame (B) that is not inter-picture predicted (P clear) in spatial
/// layer 0. The scalability structure is walked field by field against the payload length (its length
/// arithmetic is what PJSIP CVE-2026-34235 got wrong).
/// </remarks>
public readonly ref struct Vp9PayloadDescriptor
{
    private const byte I = 0x80, P = 0x40, L = 0x20, F = 0x10, B = 0x08, E = 0x04, V = 0x02, Z = 0x01;
    private const int MaxReferenceIndices = 3;

    private readonly ReadOnlySpan<byte> _payload;
    private readonly int _pictureIdOffset;
    private readonly int _layerOffset;

    private Vp9PayloadDescriptor(ReadOnlySpan<byte> payload, int pictureIdOffset, int layerOffset, int length, int spatialLayerCount)
    {
        _payload = payload;
        _pictureIdOffset = pictureIdOffset;
        _layerOffset = layerOffset;
        Length = length;
        SpatialLayerCount = spatialLayerCount;
    }

    /// <summary>Descriptor size in bytes.</summary>
    public int Length { get; }

    /// <summary>P: inter-picture predicted (not a keyframe when clear).</summary>
    public bool IsInterPicturePredicted => (_payload[0] & P) != 0;

    /// <summary>F: flexible mode.</summary>
    public bool IsFlexibleMode => (_payload[0] & F) != 0;

    /// <summary>B: first packet of a layer frame.</summary>
    public bool IsStartOfFrame => (_payload[0] & B) != 0;

    /// <summary>E: last packet of a layer frame.</summary>
    public bool IsEndOfFrame => (_payload[0] & E) != 0;

    /// <summary>Z: not used as a reference by the next spatial layer.</summary>
    public bool IsNotUpperLayerReference => (_payload[0] & Z) != 0;

    /// <summary>True when the packet carries a scalability structure (V).</summary>
    public bool HasScalabilityStructure => (_payload[0] & V) != 0;

    /// <summary>N_S + 1 from the scalability structure, or 0 without one.</summary>
    public int SpatialLayerCount { get; }

    /// <summary>The picture id (7 or 15 bits), or -1.</summary>
    public int PictureId
    {
        get
        {
            if (_pictureIdOffset < 0) return -1;
            var b = _payload[_pictureIdOffset];
            return (b & 0x80) != 0 ? ((b & 0x7F) << 8) | _payload[_pictureIdOffset + 1] : b & 0x7F;
        }
    }

    /// <summary>Temporal layer id (T), 0 without layer indices.</summary>
    public int TemporalId => _layerOffset < 0 ? 0 : _payload[_layerOffset] >> 5;

    /// <summary>U: switching up point.</summary>
    public bool IsSwitchingUpPoint => _layerOffset >= 0 && (_payload[_layerOffset] & 0x10) != 0;

    /// <summary>Spatial layer id (S), 0 without layer indices.</summary>
    public int SpatialId => _layerOffset < 0 ? 0 : (_payload[_layerOffset] >> 1) & 0x07;

    /// <summary>D: inter-layer dependency.</summary>
    public bool HasInterLayerDependency => _layerOffset >= 0 && (_payload[_layerOffset] & 0x01) != 0;

    /// <summary>TL0PICIDX in non-flexible mode, or -1.</summary>
    public int Tl0PicIdx => _layerOffset >= 0 && !IsFlexibleMode ? _payload[_layerOffset + 1] : -1;

    /// <summary>True for the first packet of a keyframe (B set, P clear, spatial layer 0).</summary>
    public bool IsKeyframe => IsStartOfFrame && !IsInterPicturePredicted && SpatialId == 0;

    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor, out PacketDropReason reason)
    {
        descriptor = default;
        reason = PacketDropReason.Truncated;
        if (payload.IsEmpty) return false;
        var b0 = payload[0];
        var offset = 1;
        int pictureId = -1, layer = -1;
        if ((b0 & I) != 0)
        {
            if (payload.Length <= offset) return false;
            pictureId = offset;
            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & L) != 0)
        {
            layer = offset;
            offset += (b0 & F) != 0 ? 1 : 2; // TL0PICIDX follows in non-flexible mode
        }
        if ((b0 & F) != 0 && (b0 & P) != 0)
        {
            for (var i = 0; ; i++)
            {
                if (payload.Length <= offset) return false;
                var more = (payload[offset++] & 0x01) != 0;
                if (!more) break;
                if (i + 1 == MaxReferenceIndices)
                {
                    reason = PacketDropReason.Malformed;
                    return false;
                }
            }
        }
        var spatialLayers = 0;
        if ((b0 & V) != 0 && !TrySkipScalabilityStructure(payload, ref offset, out spatialLayers)) return false;
        if (offset > payload.Length) return false;
        descriptor = new Vp9PayloadDescriptor(payload, pictureId, layer, offset, spatialLayers);
        reason = PacketDropReason.None;
        return true;
    }

    // RFC 9628 §4.2.1: N_S(3) Y G RSV(3); Y: (N_S+1) × (width 16, height 16); G: N_G, then per picture group T(3) U R(2) RSV(2) and R × P_DIFF.
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset, out int spatialLayers)
    {
        spatialLayers = 0;
        if (payload.Length <= offset) return false;
        var ss = payload[offset++];
        spatialLayers = (ss >> 5) + 1;
        if ((ss & 0x10) != 0) offset += 4 * spatialLayers;
        if ((ss & 0x08) != 0)
        {
            if (payload.Length <= offset) return false;
            var groups = payload[offset++];
            for (var g = 0; g < groups; g++)
            {
                if (payload.Length <= offset) return false;
                var references = (payload[offset++] >> 2) & 0x03;
                offset += references;
            }
        }
        return offset <= payload.Length;
    }
}
