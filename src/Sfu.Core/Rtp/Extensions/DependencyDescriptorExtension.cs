using System.Buffers.Binary;

namespace Sfu.Core.Rtp.Extensions;

/// <summary>
/// The mandatory fields of the dependency descriptor header extension, and whether the packet carries a
/// template dependency structure (which a sender attaches to the first packet of every key frame).
/// </summary>
/// <remarks>
/// AV1 RTP payload format, Appendix A (Dependency Descriptor RTP Header Extension), §A.8.1 and §A.8.2:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |S|E| template  |         frame_number          |T|A|D|C| ...   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  S start_of_frame, E end_of_frame, template frame_dependency_template_id (6 bits);
///  then, when the value is longer than 3 bytes, the extended fields, the first of which is
///  T template_dependency_structure_present_flag.
/// </code>
/// The structure describes every decode target from scratch, so a receiver can start decoding there: the
/// spec requires it on every key frame (§A.4, "the structure ... must be present ... in the first packet of a
/// key frame") and libwebrtc attaches it only then. Being an RTP header extension it is never covered by
/// end-to-end (insertable streams) encryption, which transforms the encoded frame only.
/// </remarks>
public static class DependencyDescriptorExtension
{
    /// <summary>Length of the mandatory fields.</summary>
    public const int MandatoryLength = 3;

    private const byte StartOfFrameBit = 0x80;
    private const byte EndOfFrameBit = 0x40;
    private const byte TemplateIdMask = 0x3F;
    private const byte StructurePresentBit = 0x80;

    /// <summary>Reads the mandatory fields; false when shorter than <see cref="MandatoryLength"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool startOfFrame, out bool endOfFrame, out int templateId,
        out ushort frameNumber, out bool structurePresent)
    {
        startOfFrame = endOfFrame = structurePresent = false;
        templateId = 0;
        frameNumber = 0;
        if (value.Length < MandatoryLength) return false;
        startOfFrame = (value[0] & StartOfFrameBit) != 0;
        endOfFrame = (value[0] & EndOfFrameBit) != 0;
        templateId = value[0] & TemplateIdMask;
        frameNumber = BinaryPrimitives.ReadUInt16BigEndian(value[1..]);
        structurePresent = value.Length > MandatoryLength && (value[MandatoryLength] & StructurePresentBit) != 0;
        return true;
    }

    /// <summary>True when the packet starts a frame and carries the template structure: the start of a key frame.</summary>
    public static bool IsKeyFrameStart(ReadOnlySpan<byte> value) =>
        TryRead(value, out var start, out _, out _, out _, out var structure) && start && structure;
}
