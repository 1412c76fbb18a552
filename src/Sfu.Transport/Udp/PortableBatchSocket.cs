using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Udp;

/// <summary>
/// The portable batch: one <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> per
/// datagram while data is waiting, one SendTo per datagram. Reuses one <see cref="SocketAddress"/> per slot,
/// so no <c>IPEndPoint</c> is created per packet.
/// </summary>
internal sealed class PortableBatchSocket : UdpBatchSocket
{
    private readonly byte[] _recvData;
    private readonly int[] _recvLengths;
    private readonly SocketAddress[] _recvAddresses;
    private readonly byte[] _sendData;
    private readonly int[] _sendLengths;
    private readonly SocketAddress[] _sendAddresses;

    public PortableBatchSocket(Socket socket, int batchSize, int slotSize)
        : base(socket, batchSize, slotSize)
    {
        _recvData = GC.AllocateUninitializedArray<byte>(batchSize * slotSize, pinned: true);
        _sendData = GC.AllocateUninitializedArray<byte>(batchSize * slotSize, pinned: true);
        _recvLengths = new int[batchSize];
        _sendLengths = new int[batchSize];
        _recvAddresses = new SocketAddress[batchSize];
        _sendAddresses = new SocketAddress[batchSize];
        for (var i = 0; i < batchSize; i++)
        {
            _recvAddresses[i] = new SocketAddress(socket.AddressFamily);
            _sendAddresses[i] = new SocketAddress(socket.AddressFamily);
        }
    }

    public override int Receive()
    {
        var count = 0;
        while (count < BatchSize && Socket.Available > 0)
        {
            try
            {
                _recvLengths[count] = Socket.ReceiveFrom(_recvData.AsSpan(count * SlotSize, SlotSize), SocketFlags.None, _recvAddresses[count]);
                count++;
            }
            catch (SocketException)
            {
                // ECONNRESET/EMSGSIZE from one datagram (an ICMP error, or bigger than a slot): skip it.
                break;
            }
        }
        return count;
    }

    public override Span<byte> Received(int index) => _recvData.AsSpan(index * SlotSize, _recvLengths[index]);

    public override bool TryGetSource(int index, out SocketAddressKey source) => SocketAddressKey.TryRead(_recvAddresses[index], out source);

    public override bool IsTruncated(int index) => false; // ReceiveFrom throws (EMSGSIZE) instead, handled above

    public override Span<byte> SendSlot(int index) => _sendData.AsSpan(index * SlotSize, SlotSize);

    public override bool SetSend(int index, int length, in SocketAddressKey destination)
    {
        if (!IsIPv6 && !destination.IsIPv4) return false;
        var target = _sendAddresses[index];
        if (IsIPv6 && destination.IsIPv4)
        {
            // A dual-stack socket sends to IPv4 peers through their mapped IPv6 form.
            Span<byte> mapped = stackalloc byte[16];
            mapped[10] = 0xFF;
            mapped[11] = 0xFF;
            destination.WriteAddressBytes(mapped[12..]);
            if (!SocketAddressKey.FromIPv6Bytes(mapped, destination.Port, 0).TryWriteTo(target)) return false;
        }
        else if (!destination.TryWriteTo(target))
        {
            return false;
        }
        _sendLengths[index] = length;
        return true;
    }

    public override int SendLength(int index) => _sendLengths[index];

    public override int Flush(int count)
    {
        var accepted = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                Socket.SendTo(_sendData.AsSpan(i * SlotSize, _sendLengths[i]), SocketFlags.None, _sendAddresses[i]);
                accepted++;
            }
            catch (SocketException)
            {
                // Counted by the caller as SendFailed; one bad destination must not stop the batch.
            }
        }
        return accepted;
    }
}
