using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Demux;
using Sfu.Transport.Native;

namespace Sfu.Transport.Udp;

/// <summary>
/// One UDP socket with a receive batch and a send batch of fixed, preallocated slots. The Linux
/// implementation moves a whole batch per system call (recvmmsg/sendmmsg); the portable one loops over
/// <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> and
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>. Neither allocates per datagram.
/// Owned by one shard thread.
/// </summary>
internal abstract class UdpBatchSocket : IDisposable
{
    protected UdpBatchSocket(Socket socket, int batchSize, int slotSize)
    {
        Socket = socket;
        BatchSize = batchSize;
        SlotSize = slotSize;
        IsIPv6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>The socket (owned).</summary>
    public Socket Socket { get; }

    /// <summary>Datagrams per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Bytes per slot (the largest datagram).</summary>
    public int SlotSize { get; }

    /// <summary>True for an AF_INET6 socket (IPv4 peers are written as mapped addresses).</summary>
    public bool IsIPv6 { get; }

    /// <summary>The bound local endpoint.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    /// <summary>Receives up to <see cref="BatchSize"/> datagrams without blocking; 0 when none is waiting.</summary>
    public abstract int Receive();

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="Receive"/>.</summary>
    public abstract Span<byte> Received(int index);

    /// <summary>Source of datagram <paramref name="index"/>; false for an address family we do not handle.</summary>
    public abstract bool TryGetSource(int index, out SocketAddressKey source);

    /// <summary>True when the datagram did not fit its slot and was cut by the kernel.</summary>
    public abstract bool IsTruncated(int index);

    /// <summary>The writable buffer of send slot <paramref name="index"/>.</summary>
    public abstract Span<byte> SendSlot(int index);

    /// <summary>Sets length and destination of send slot <paramref name="index"/>. False when the address cannot be sent from this socket.</summary>
    public abstract bool SetSend(int index, int length, in SocketAddressKey destination);

    /// <summary>Sends slots 0..count-1. Returns how many the kernel accepted; the others failed.</summary>
    public abstract int Flush(int count);

    /// <summary>Length set for send slot <paramref name="index"/>.</summary>
    public abstract int SendLength(int index);

    /// <summary>Opens the socket for a shard: SO_REUSEPORT before bind when the port is shared.</summary>
    public static Socket Open(IPAddress address, int port, bool reusePort, int bufferBytes)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            if (reusePort)
            {
                if (OperatingSystem.IsLinux())
                    socket.SetRawSocketOption(NativeMethods.SolSocket, NativeMethods.SoReusePort, BitConverter.GetBytes(1));
                else
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }
            if (bufferBytes > 0)
            {
                socket.ReceiveBufferSize = bufferBytes;
                socket.SendBufferSize = bufferBytes;
            }
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The native batch socket on Linux, the portable one elsewhere or when forced.</summary>
    public static UdpBatchSocket Create(Socket socket, int batchSize, int slotSize, bool forcePortable) =>
        OperatingSystem.IsLinux() && !forcePortable
            ? new LinuxBatchSocket(socket, batchSize, slotSize)
            : new PortableBatchSocket(socket, batchSize, slotSize);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the socket (and native memory in subclasses).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Socket.Dispose();
    }
}
