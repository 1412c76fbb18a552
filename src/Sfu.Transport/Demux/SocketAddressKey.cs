using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Sfu.Transport.Demux;

/// <summary>
/// A remote UDP address as a small value: the dictionary key of the session table and the destination of
/// a send. Built from the raw <c>sockaddr</c> bytes a receive filled in, so no <see cref="IPEndPoint"/> or
/// <see cref="IPAddress"/> is created per packet.
/// </summary>
/// <remarks>
/// IPv4 addresses are held in their IPv4-mapped IPv6 form (RFC 4291 §2.5.5.2) so both families share one
/// comparison; <see cref="IsIPv4"/> remembers which family the peer used, because a reply must go back in
/// the same family (and XOR-MAPPED-ADDRESS reports it, RFC 8489 §14.2). The flow label of a received
/// IPv6 <c>sockaddr_in6</c> is ignored: it may change per packet and does not identify the peer.
/// The layout read here (family at 0, port at 2 in network order, IPv4 address at 4; IPv6 address at 8,
/// scope id at 24) is the Linux and Windows <c>sockaddr_in</c>/<c>sockaddr_in6</c> layout, which is also the
/// layout of <see cref="SocketAddress.Buffer"/> on those systems.
/// </remarks>
public readonly struct SocketAddressKey : IEquatable<SocketAddressKey>
{
    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;
    private const int IPv6ScopeOffset = 24;
    /// <summary>Size of sockaddr_in.</summary>
    public const int IPv4SockaddrSize = 16;
    /// <summary>Size of sockaddr_in6.</summary>
    public const int IPv6SockaddrSize = 28;
    /// <summary>Linux AF_INET6 (Windows uses 23; <see cref="TryRead(SocketAddress, out SocketAddressKey)"/> reads the family portably).</summary>
    private const ushort LinuxAfInet6 = 10;
    private const ushort AfInet = 2;
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000UL;

    private readonly ulong _high;   // first 8 address bytes, big-endian
    private readonly ulong _low;    // last 8 address bytes, big-endian
    private readonly uint _scopeId;
    private readonly ushort _port;
    private readonly bool _isIPv4;

    private SocketAddressKey(ulong high, ulong low, ushort port, uint scopeId, bool isIPv4)
    {
        _high = high;
        _low = low;
        _port = port;
        _scopeId = scopeId;
        _isIPv4 = isIPv4;
    }

    /// <summary>True when the peer used IPv4.</summary>
    public bool IsIPv4 => _isIPv4;

    /// <summary>The UDP port (host order).</summary>
    public ushort Port => _port;

    /// <summary>The IPv6 scope id (0 for IPv4 and global addresses).</summary>
    public uint ScopeId => _scopeId;

    /// <summary>True for the default value (no address).</summary>
    public bool IsEmpty => _high == 0 && _low == 0 && _port == 0;

    /// <summary>An IPv4 address given as its four bytes in network order and a port.</summary>
    public static SocketAddressKey FromIPv4(uint addressNetworkOrderAsBigEndianValue, ushort port) =>
        new(0, MappedPrefix | addressNetworkOrderAsBigEndianValue, port, 0, isIPv4: true);

    /// <summary>Builds a key from an endpoint (control path: configuration, tests).</summary>
    public static SocketAddressKey FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[16];
        var address = endPoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), (ushort)endPoint.Port);
        }
        address.TryWriteBytes(bytes, out _);
        return FromIPv6Bytes(bytes, (ushort)endPoint.Port, (uint)address.ScopeId);
    }

    /// <summary>Builds a key from a 16-byte IPv6 address; an IPv4-mapped address stays IPv6 on the wire.</summary>
    public static SocketAddressKey FromIPv6Bytes(ReadOnlySpan<byte> address16, ushort port, uint scopeId) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(address16), BinaryPrimitives.ReadUInt64BigEndian(address16[8..]), port, scopeId, isIPv4: false);

    /// <summary>
    /// Reads a native Linux <c>sockaddr_in</c>/<c>sockaddr_in6</c> (as recvmmsg fills it in). Returns false
    /// for any other family or a buffer too short for its family; never throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadLinuxSockaddr(ReadOnlySpan<byte> sockaddr, out SocketAddressKey key)
    {
        if (sockaddr.Length >= IPv4SockaddrSize)
        {
            var family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
            if (family == AfInet) return ReadV4(sockaddr, out key);
            if (family == LinuxAfInet6 && sockaddr.Length >= IPv6SockaddrSize) return ReadV6(sockaddr, out key);
        }
        key = default;
        return false;
    }

    /// <summary>Reads the address a <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> filled in.</summary>
    public static bool TryRead(SocketAddress address, out SocketAddressKey key)
    {
        ArgumentNullException.ThrowIfNull(address);
        var buffer = address.Buffer.Span[..address.Size];
        if (address.Family == AddressFamily.InterNetwork && buffer.Length >= IPv4SockaddrSize) return ReadV4(buffer, out key);
        if (address.Family == AddressFamily.InterNetworkV6 && buffer.Length >= IPv6SockaddrSize) return ReadV6(buffer, out key);
        key = default;
        return false;
    }

    private static bool ReadV4(ReadOnlySpan<byte> sockaddr, out SocketAddressKey key)
    {
        key = FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(sockaddr[IPv4AddressOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(sockaddr[PortOffset..]));
        return true;
    }

    private static bool ReadV6(ReadOnlySpan<byte> sockaddr, out SocketAddressKey key)
    {
        key = FromIPv6Bytes(sockaddr.Slice(IPv6AddressOffset, 16), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[PortOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(sockaddr[IPv6ScopeOffset..]));
        return true;
    }

    /// <summary>
    /// Writes a native Linux sockaddr for sendmmsg. An IPv4 peer is written as <c>sockaddr_in</c> when
    /// <paramref name="socketIsIPv6"/> is false, else as an IPv4-mapped <c>sockaddr_in6</c> (a dual-stack socket
    /// needs that form). Returns the length written, or 0 when <paramref name="destination"/> is too small.
    /// </summary>
    public int WriteLinuxSockaddr(Span<byte> destination, bool socketIsIPv6)
    {
        if (_isIPv4 && !socketIsIPv6)
        {
            if (destination.Length < IPv4SockaddrSize) return 0;
            destination[..IPv4SockaddrSize].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(destination[PortOffset..], _port);
            BinaryPrimitives.WriteUInt32BigEndian(destination[IPv4AddressOffset..], (uint)_low);
            return IPv4SockaddrSize;
        }
        if (destination.Length < IPv6SockaddrSize) return 0;
        destination[..IPv6SockaddrSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, LinuxAfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(destination[PortOffset..], _port);
        BinaryPrimitives.WriteUInt64BigEndian(destination[IPv6AddressOffset..], _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(IPv6AddressOffset + 8)..], _low);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[IPv6ScopeOffset..], _scopeId);
        return IPv6SockaddrSize;
    }

    /// <summary>
    /// Fills a reusable <see cref="SocketAddress"/> (the portable send path) without allocating.
    /// <paramref name="target"/> must be of the socket's family.
    /// </summary>
    public bool TryWriteTo(SocketAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var buffer = target.Buffer.Span;
        if (target.Family == AddressFamily.InterNetwork)
        {
            if (!_isIPv4 || buffer.Length < IPv4SockaddrSize) return false;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[PortOffset..], _port);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[IPv4AddressOffset..], (uint)_low);
            target.Size = IPv4SockaddrSize;
            return true;
        }
        if (target.Family != AddressFamily.InterNetworkV6 || buffer.Length < IPv6SockaddrSize) return false;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[PortOffset..], _port);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], 0);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[IPv6AddressOffset..], _high);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(IPv6AddressOffset + 8)..], _low);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[IPv6ScopeOffset..], _scopeId);
        target.Size = IPv6SockaddrSize;
        return true;
    }

    /// <summary>
    /// Writes the address bytes: 4 for IPv4, 16 for IPv6 (what XOR-MAPPED-ADDRESS carries). Returns the
    /// count written, or 0 when <paramref name="destination"/> is too small.
    /// </summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        if (_isIPv4)
        {
            if (destination.Length < 4) return 0;
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }
        if (destination.Length < 16) return 0;
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    /// <summary>The endpoint (control path only: it allocates).</summary>
    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        var n = WriteAddressBytes(bytes);
        var address = n == 4 ? new IPAddress(bytes[..4]) : new IPAddress(bytes, _scopeId);
        return new IPEndPoint(address, _port);
    }

    /// <inheritdoc />
    public bool Equals(SocketAddressKey other) =>
        _low == other._low && _high == other._high && _port == other._port && _scopeId == other._scopeId && _isIPv4 == other._isIPv4;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SocketAddressKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_low, _high, _port, _scopeId);

    /// <summary>Equality.</summary>
    public static bool operator ==(SocketAddressKey left, SocketAddressKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SocketAddressKey left, SocketAddressKey right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? "(none)" : ToIPEndPoint().ToString();
}
