using System.Buffers.Binary;
using System.Text;

namespace Sfu.Core.Sctp.DataChannels;

/// <summary>Channel types of DATA_CHANNEL_OPEN (RFC 8832 section 5.1); the high bit means unordered.</summary>
public enum DataChannelType : byte
{
    Reliable = 0x00,
    PartialReliableRexmit = 0x01,
    PartialReliableTimed = 0x02,
    ReliableUnordered = 0x80,
    PartialReliableRexmitUnordered = 0x81,
    PartialReliableTimedUnordered = 0x82,
}

/// <summary>Payload protocol identifiers of data channels (RFC 8831 section 8, RFC 8832 section 8.1).</summary>
public static class DataChannelPpid
{
    public const uint Dcep = 50;
    public const uint String = 51;
    public const uint BinaryPartial = 52;
    public const uint Binary = 53;
    public const uint StringPartial = 54;
    public const uint StringEmpty = 56;
    public const uint BinaryEmpty = 57;
}

/// <summary>
/// The Data Channel Establishment Protocol messages (RFC 8832 section 5): DATA_CHANNEL_OPEN (type 0x03:
/// channel type, priority, reliability parameter, label and protocol) and DATA_CHANNEL_ACK (type 0x02, one byte).
/// </summary>
public static class DcepMessage
{
    public const byte TypeAck = 0x02;
    public const byte TypeOpen = 0x03;
    public const int OpenFixedLength = 12;
    /// <summary>Longest label or protocol accepted (the fields allow 65535; nobody needs more than this).</summary>
    public const int MaxStringLength = 1024;

    public readonly record struct Open(DataChannelType ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
    {
        public bool Ordered => ((byte)ChannelType & 0x80) == 0;
        /// <summary>maxRetransmits for the rexmit types, -1 otherwise.</summary>
        public int MaxRetransmits => ((byte)ChannelType & 0x7F) == 0x01 ? (int)Math.Min(ReliabilityParameter, int.MaxValue) : -1;
        /// <summary>maxPacketLifeTime in ms for the timed types, -1 otherwise.</summary>
        public long LifetimeMs => ((byte)ChannelType & 0x7F) == 0x02 ? ReliabilityParameter : -1;
    }

    public static bool TryParseOpen(ReadOnlySpan<byte> message, out Open open)
    {
        open = default;
        if (message.Length < OpenFixedLength || message[0] != TypeOpen) return false;
        var type = message[1];
        if ((type & 0x7F) > 0x02) return false;
        var labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (labelLength > MaxStringLength || protocolLength > MaxStringLength) return false;
        if (message.Length < OpenFixedLength + labelLength + protocolLength) return false;
        string label, protocol;
        try
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            label = strict.GetString(message.Slice(OpenFixedLength, labelLength));
            protocol = strict.GetString(message.Slice(OpenFixedLength + labelLength, protocolLength));
        }
        catch (DecoderFallbackException)
        {
            return false; // RFC 8832 section 5.1: label and protocol are UTF-8
        }
        open = new Open((DataChannelType)type, BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(message[4..]), label, protocol);
        return true;
    }

    public static byte[] WriteOpen(in Open open)
    {
        var label = Encoding.UTF8.GetBytes(open.Label);
        var protocol = Encoding.UTF8.GetBytes(open.Protocol);
        var m = new byte[OpenFixedLength + label.Length + protocol.Length];
        m[0] = TypeOpen;
        m[1] = (byte)open.ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), open.Priority);
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(4), open.ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(8), (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(10), (ushort)protocol.Length);
        label.CopyTo(m, OpenFixedLength);
        protocol.CopyTo(m, OpenFixedLength + label.Length);
        return m;
    }
}
