using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// INIT and INIT ACK (RFC 9260 sections 3.3.2 and 3.3.3): the same fixed part (initiate tag, a_rwnd, stream
/// counts, initial TSN) followed by parameters. Read here: State Cookie (7), Forward-TSN-Supported (0xC000,
/// RFC 3758 section 3.1) and Supported Extensions (0x8008, RFC 5061 section 4.2.7). Every other parameter is
/// skipped: the two high bits only decide whether to report it, and we report nothing.
/// </summary>
public ref struct SctpInitChunk
{
    public const int FixedLength = 16;
    public const ushort ParamStateCookie = 7;
    public const ushort ParamForwardTsnSupported = 0xC000;
    public const ushort ParamSupportedExtensions = 0x8008;

    public uint InitiateTag;
    public uint AdvertisedReceiverWindow;
    public ushort OutboundStreams;
    public ushort InboundStreams;
    public uint InitialTsn;
    public bool ForwardTsnSupported;
    public bool ReconfigSupported;
    public ReadOnlySpan<byte> StateCookie;

    /// <summary>
    /// Parses the chunk value. RFC 9260 section 3.3.2: a zero initiate tag, or zero outbound or inbound stream
    /// counts, are protocol violations (the peer gets nothing from us; the packet is dropped and counted).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out SctpInitChunk init)
    {
        init = default;
        if (value.Length < FixedLength) return false;
        init.InitiateTag = BinaryPrimitives.ReadUInt32BigEndian(value);
        init.AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        init.OutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        init.InboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        init.InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);
        if (init.InitiateTag == 0 || init.OutboundStreams == 0 || init.InboundStreams == 0) return false;
        var parameters = new SctpParameterReader(value[FixedLength..]);
        while (parameters.TryRead(out var type, out var p))
        {
            switch (type)
            {
                case ParamStateCookie:
                    init.StateCookie = p;
                    break;
                case ParamForwardTsnSupported:
                    init.ForwardTsnSupported = true;
                    break;
                case ParamSupportedExtensions:
                    foreach (var chunkType in p)
                    {
                        if (chunkType == (byte)SctpChunkType.ForwardTsn) init.ForwardTsnSupported = true;
                        if (chunkType == (byte)SctpChunkType.Reconfig) init.ReconfigSupported = true;
                    }
                    break;
            }
        }
        return !parameters.Malformed;
    }

    /// <summary>
    /// Writes an INIT or INIT ACK chunk with the fixed part, the cookie (INIT ACK only), Forward-TSN-Supported
    /// and a Supported Extensions parameter listing FORWARD TSN and RE-CONFIG. Returns the padded length.
    /// </summary>
    public static int Write(Span<byte> destination, SctpChunkType type, uint initiateTag, uint receiverWindow,
        ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> cookie)
    {
        var v = destination[SctpChunk.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(v, initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(v[4..], receiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(v[8..], outboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(v[10..], inboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(v[12..], initialTsn);
        var at = FixedLength;
        if (!cookie.IsEmpty) at += SctpParameterReader.Write(v[at..], ParamStateCookie, cookie);
        at += SctpParameterReader.Write(v[at..], ParamForwardTsnSupported, []);
        ReadOnlySpan<byte> extensions = [(byte)SctpChunkType.ForwardTsn, (byte)SctpChunkType.Reconfig];
        at += SctpParameterReader.Write(v[at..], ParamSupportedExtensions, extensions);
        return SctpChunk.WriteHeader(destination, type, 0, at);
    }

    /// <summary>Upper bound of <see cref="Write"/>'s output for a cookie of <paramref name="cookieLength"/> bytes.</summary>
    public static int MaxLength(int cookieLength) => SctpChunk.HeaderLength + FixedLength + 4 + SctpChunk.Pad(cookieLength) + 4 + 8;
}
