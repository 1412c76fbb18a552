using System.Runtime.CompilerServices;

namespace Sfu.Core.Rtp.Extensions;

/// <summary>
/// A decoded video-layers-allocation value: per RTP stream (simulcast layer) the active spatial layers, the
/// temporal layer count and cumulative target bitrate of each, and optionally resolution and frame rate.
/// A plain value (fixed-size inline storage, no heap), filled by <see cref="VideoLayersAllocationExtension.TryRead"/>.
/// </summary>
/// <remarks>
/// http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00: at most 4 RTP streams, 4 spatial
/// and 4 temporal layers. Indexing follows the spec's (stream, spatial id, temporal id) order.
/// </remarks>
public struct VideoLayersAllocation
{
    /// <summary>Most RTP streams, spatial layers per stream, and temporal layers per spatial layer.</summary>
    public const int MaxLayers = 4;

    private Layers16<byte> _temporalCounts;
    private Layers64<uint> _bitratesKbps;
    private Layers16<ushort> _widths;
    private Layers16<ushort> _heights;
    private Layers16<byte> _frameRates;
    private Layers4<byte> _spatialMasks;

    /// <summary>Index of the RTP stream this value was sent on (the RID field, 0-3).</summary>
    public int RtpStreamIndex { readonly get; internal set; }

    /// <summary>Number of RTP streams described (NS + 1), 0 for the empty allocation.</summary>
    public int RtpStreamCount { readonly get; internal set; }

    /// <summary>True for the special single-zero-byte value: nothing is sent on this SSRC.</summary>
    public readonly bool IsEmpty => RtpStreamCount == 0;

    /// <summary>True when the optional resolution and frame-rate fields were present.</summary>
    public bool HasResolutions { readonly get; internal set; }

    /// <summary>Bitmask of the active spatial layers of <paramref name="stream"/>.</summary>
    public readonly int GetSpatialLayerMask(int stream) => (uint)stream < MaxLayers ? _spatialMasks[stream] : 0;

    /// <summary>Number of temporal layers of an active spatial layer, 0 when inactive.</summary>
    public readonly int GetTemporalLayerCount(int stream, int spatial) =>
        InRange(stream, spatial) ? _temporalCounts[stream * MaxLayers + spatial] : 0;

    /// <summary>Cumulative target bitrate (kbps) needed to receive up to this temporal layer, 0 when absent.</summary>
    public readonly uint GetTargetBitrateKbps(int stream, int spatial, int temporal) =>
        InRange(stream, spatial) && (uint)temporal < MaxLayers ? _bitratesKbps[(stream * MaxLayers + spatial) * MaxLayers + temporal] : 0;

    /// <summary>Resolution and maximum frame rate of a spatial layer, when the value carried them.</summary>
    public readonly bool TryGetResolution(int stream, int spatial, out int width, out int height, out int maxFrameRate)
    {
        width = height = maxFrameRate = 0;
        if (!HasResolutions || GetTemporalLayerCount(stream, spatial) == 0) return false;
        var i = stream * MaxLayers + spatial;
        width = _widths[i] + 1;
        height = _heights[i] + 1;
        maxFrameRate = _frameRates[i];
        return true;
    }

    internal void SetSpatialMask(int stream, byte mask) => _spatialMasks[stream] = mask;

    internal void SetTemporalCount(int stream, int spatial, byte count) => _temporalCounts[stream * MaxLayers + spatial] = count;

    internal void SetBitrate(int stream, int spatial, int temporal, uint kbps) =>
        _bitratesKbps[(stream * MaxLayers + spatial) * MaxLayers + temporal] = kbps;

    internal void SetResolution(int stream, int spatial, ushort widthMinusOne, ushort heightMinusOne, byte frameRate)
    {
        var i = stream * MaxLayers + spatial;
        _widths[i] = widthMinusOne;
        _heights[i] = heightMinusOne;
        _frameRates[i] = frameRate;
    }

    private static bool InRange(int stream, int spatial) => (uint)stream < MaxLayers && (uint)spatial < MaxLayers;

    [InlineArray(MaxLayers)]
    private struct Layers4<T>
    {
        private T _element;
    }

    [InlineArray(MaxLayers * MaxLayers)]
    private struct Layers16<T>
    {
        private T _element;
    }

    [InlineArray(MaxLayers * MaxLayers * MaxLayers)]
    private struct Layers64<T>
    {
        private T _element;
    }
}
