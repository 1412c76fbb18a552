using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Core.Sctp;

/// <summary>
/// The state cookie of INIT ACK (RFC 9260 section 5.1.3): everything needed to create the association when
/// COOKIE ECHO returns it, authenticated with HMAC-SHA256 under a key only this association holds, so nothing
/// is kept between INIT and COOKIE ECHO (the SYN-flood defence of section 5.1). Layout (big-endian):
/// version(1) flags(1) reserved(2) localTag(4) peerTag(4) localInitialTsn(4) peerInitialTsn(4) peerRwnd(4)
/// peerOutbound(2) peerInbound(2) createdMs(8) | HMAC-SHA256 truncated to 16 bytes.
/// </summary>
public struct SctpStateCookie
{
    public const int BodyLength = 36;
    public const int MacLength = 16;
    public const int Length = BodyLength + MacLength;
    private const byte Version = 1;
    private const byte FlagForwardTsn = 1;
    private const byte FlagReconfig = 2;

    public uint LocalTag;
    public uint PeerTag;
    public uint LocalInitialTsn;
    public uint PeerInitialTsn;
    public uint PeerReceiverWindow;
    public ushort PeerOutboundStreams;
    public ushort PeerInboundStreams;
    public long CreatedMs;
    public bool PeerForwardTsn;
    public bool PeerReconfig;

    public readonly void Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        destination[0] = Version;
        destination[1] = (byte)((PeerForwardTsn ? FlagForwardTsn : 0) | (PeerReconfig ? FlagReconfig : 0));
        destination[2] = 0;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[24..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[26..], PeerInboundStreams);
        BinaryPrimitives.WriteInt64BigEndian(destination[28..], CreatedMs);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, destination[..BodyLength], mac);
        mac[..MacLength].CopyTo(destination[BodyLength..]);
    }

    /// <summary>
    /// Reads a cookie whose MAC verifies (fixed-time comparison). The caller checks its age (section 5.1.5,
    /// step 3: a stale cookie is refused).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, out SctpStateCookie state)
    {
        state = default;
        if (cookie.Length != Length || cookie[0] != Version) return false;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], cookie[BodyLength..])) return false;
        state.PeerForwardTsn = (cookie[1] & FlagForwardTsn) != 0;
        state.PeerReconfig = (cookie[1] & FlagReconfig) != 0;
        state.LocalTag = BinaryPrimitives.ReadUInt32BigEndian(cookie[4..]);
        state.PeerTag = BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]);
        state.LocalInitialTsn = BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]);
        state.PeerInitialTsn = BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]);
        state.PeerReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(cookie[20..]);
        state.PeerOutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(cookie[24..]);
        state.PeerInboundStreams = BinaryPrimitives.ReadUInt16BigEndian(cookie[26..]);
        state.CreatedMs = BinaryPrimitives.ReadInt64BigEndian(cookie[28..]);
        return true;
    }
}
