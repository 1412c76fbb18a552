namespace Sfu.Core.Rtp.Extensions;

/// <summary>Reads the video-layers-allocation header extension (read only: the SFU consumes it, never sends it).</summary>
/// <remarks>
/// http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00:
/// <code>
///                           +-+-+-+-+-+-+-+-+
///                           |RID| NS| sl_bm |
///                           +-+-+-+-+-+-+-+-+
/// Spatial layer bitmask     |sl0_bm |sl1_bm |   (only when sl_bm == 0; one byte for NS &lt; 2, else two)
///                           |sl2_bm |sl3_bm |
///                           +-+-+-+-+-+-+-+-+
/// Number of temporal layers |#tl|#tl|#tl|#tl|   (2 bits each, minus one, per active spatial layer)
///                           +-+-+-+-+-+-+-+-+
/// Target bitrate, kbps      :  leb128 ...   :   (one per temporal layer)
///                           +-+-+-+-+-+-+-+-+
/// Resolution and framerate  : optional, 5 bytes per active spatial layer
///                           +-+-+-+-+-+-+-+-+
/// </code>
/// A single 0 byte is the empty allocation. Every count is bounded by the 2-bit and 4-bit fields, and every
/// read is checked, so truncated or oversized values fail instead of reading on.
/// </remarks>
public static class VideoLayersAllocationExtension
{
    private const int ResolutionBytes = 5;
    private const int MaxLeb128Bytes = 5;

    /// <summary>Decodes a value; false when it is truncated, has trailing garbage, or a bitrate overflows 32 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out VideoLayersAllocation allocation)
    {
        allocation = default;
        if (value.IsEmpty) return false;
        if (value.Length == 1 && value[0] == 0) return true; // empty allocation

        var b0 = value[0];
        var streamCount = ((b0 >> 4) & 0x03) + 1;
        allocation.RtpStreamIndex = b0 >> 6;
        allocation.RtpStreamCount = streamCount;
        if (allocation.RtpStreamIndex >= streamCount) return false;
        var offset = 1;

        var sharedMask = b0 & 0x0F;
        if (sharedMask != 0)
        {
            for (var s = 0; s < streamCount; s++) allocation.SetSpatialMask(s, (byte)sharedMask);
        }
        else
        {
            var maskBytes = streamCount <= 2 ? 1 : 2;
            if (value.Length - offset < maskBytes) return false;
            for (var s = 0; s < streamCount; s++)
            {
                var b = value[offset + s / 2];
                allocation.SetSpatialMask(s, (byte)((s & 1) == 0 ? b >> 4 : b & 0x0F));
            }
            offset += maskBytes;
        }

        // Temporal layer counts: 2 bits per active spatial layer, in stream then spatial order.
        var bitIndex = 0;
        for (var s = 0; s < streamCount; s++)
        {
            var mask = allocation.GetSpatialLayerMask(s);
            for (var sl = 0; sl < VideoLayersAllocation.MaxLayers; sl++)
            {
                if ((mask & (1 << sl)) == 0) continue;
                var byteIndex = offset + bitIndex / 8;
                if (byteIndex >= value.Length) return false;
                var count = ((value[byteIndex] >> (6 - bitIndex % 8)) & 0x03) + 1;
                allocation.SetTemporalCount(s, sl, (byte)count);
                bitIndex += 2;
            }
        }
        offset += (bitIndex + 7) / 8;

        var activeLayers = 0;
        for (var s = 0; s < streamCount; s++)
        {
            for (var sl = 0; sl < VideoLayersAllocation.MaxLayers; sl++)
            {
                var temporal = allocation.GetTemporalLayerCount(s, sl);
                if (temporal == 0) continue;
                activeLayers++;
                for (var t = 0; t < temporal; t++)
                {
                    if (!TryReadLeb128(value, ref offset, out var kbps)) return false;
                    allocation.SetBitrate(s, sl, t, kbps);
                }
            }
        }

        if (offset == value.Length) return true;
        if (value.Length - offset != activeLayers * ResolutionBytes) return false;
        for (var s = 0; s < streamCount; s++)
        {
            for (var sl = 0; sl < VideoLayersAllocation.MaxLayers; sl++)
            {
                if (allocation.GetTemporalLayerCount(s, sl) == 0) continue;
                var width = (ushort)((value[offset] << 8) | value[offset + 1]);
                var height = (ushort)((value[offset + 2] << 8) | value[offset + 3]);
                allocation.SetResolution(s, sl, width, height, value[offset + 4]);
                offset += ResolutionBytes;
            }
        }
        allocation.HasResolutions = true;
        return true;
    }

    // AV1 spec §4.10.5 leb128: 7 bits per byte, little-endian groups, high bit = more follows.
    private static bool TryReadLeb128(ReadOnlySpan<byte> data, ref int offset, out uint value)
    {
        ulong result = 0;
        for (var i = 0; i < MaxLeb128Bytes; i++)
        {
            if (offset >= data.Length)
            {
                value = 0;
                return false;
            }
            var b = data[offset++];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (uint)result;
                return result <= uint.MaxValue;
            }
        }
        value = 0;
        return false;
    }
}
