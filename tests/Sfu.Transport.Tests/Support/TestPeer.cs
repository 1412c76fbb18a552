using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Tests;

/// <summary>A plain UDP socket on loopback playing the remote peer.</summary>
internal sealed class TestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public TestPeer() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Send(byte[] datagram, IPEndPoint to) => _socket.SendTo(datagram, to);

    /// <summary>The next datagram and its source, or null after <paramref name="timeoutMs"/>.</summary>
    public (byte[] Data, IPEndPoint From)? Receive(int timeoutMs = 2000)
    {
        if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return null;
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var n = _socket.ReceiveFrom(buffer, ref from);
        return (buffer[..n], (IPEndPoint)from);
    }

    public void Dispose() => _socket.Dispose();
}
