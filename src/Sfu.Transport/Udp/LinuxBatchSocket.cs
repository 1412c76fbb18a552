using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sfu.Transport.Demux;
using Sfu.Transport.Native;

namespace Sfu.Transport.Udp;

/// <summary>
/// recvmmsg/sendmmsg over preallocated native memory: the mmsghdr vectors, iovecs, sockaddr storage and
/// datagram slots are allocated once, so a batch costs one system call and no managed allocation.
/// </summary>
/// <remarks>recvmmsg(2), sendmmsg(2); MSG_TRUNC in msg_flags marks a datagram larger than its slot (recvmsg(2)).</remarks>
internal sealed unsafe class LinuxBatchSocket : UdpBatchSocket
{
    private const int SockaddrStorage = 32; // >= sizeof(sockaddr_in6), 8-aligned
    private const int MsgTrunc = 0x20;

    private readonly int _fd;
    private readonly byte* _memory;
    private readonly NativeMethods.MMsgHdr* _recvMsgs;
    private readonly NativeMethods.MMsgHdr* _sendMsgs;
    private readonly NativeMethods.IoVec* _recvIov;
    private readonly NativeMethods.IoVec* _sendIov;
    private readonly byte* _recvNames;
    private readonly byte* _sendNames;
    private readonly byte* _recvData;
    private readonly byte* _sendData;
    private bool _disposed;

    public LinuxBatchSocket(Socket socket, int batchSize, int slotSize)
        : base(socket, batchSize, slotSize)
    {
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        var msgBytes = (nuint)(sizeof(NativeMethods.MMsgHdr) * batchSize);
        var iovBytes = (nuint)(sizeof(NativeMethods.IoVec) * batchSize);
        var nameBytes = (nuint)(SockaddrStorage * batchSize);
        var dataBytes = (nuint)(slotSize * batchSize);
        var total = 2 * (msgBytes + iovBytes + nameBytes + dataBytes);
        _memory = (byte*)NativeMemory.AlignedAlloc(total, 64);
        NativeMemory.Clear(_memory, total);
        var p = _memory;
        _recvMsgs = (NativeMethods.MMsgHdr*)p; p += msgBytes;
        _sendMsgs = (NativeMethods.MMsgHdr*)p; p += msgBytes;
        _recvIov = (NativeMethods.IoVec*)p; p += iovBytes;
        _sendIov = (NativeMethods.IoVec*)p; p += iovBytes;
        _recvNames = p; p += nameBytes;
        _sendNames = p; p += nameBytes;
        _recvData = p; p += dataBytes;
        _sendData = p;
        for (var i = 0; i < batchSize; i++)
        {
            _recvIov[i].Base = _recvData + (i * slotSize);
            _recvIov[i].Length = (nuint)slotSize;
            _recvMsgs[i].Header.Iov = &_recvIov[i];
            _recvMsgs[i].Header.IovLength = 1;
            _recvMsgs[i].Header.Name = _recvNames + (i * SockaddrStorage);
            _sendIov[i].Base = _sendData + (i * slotSize);
            _sendMsgs[i].Header.Iov = &_sendIov[i];
            _sendMsgs[i].Header.IovLength = 1;
            _sendMsgs[i].Header.Name = _sendNames + (i * SockaddrStorage);
        }
    }

    public override int Receive()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _recvMsgs[i].Header.NameLength = SockaddrStorage;
            _recvMsgs[i].Header.Flags = 0;
            _recvMsgs[i].Length = 0;
        }
        while (true)
        {
            var n = NativeMethods.RecvMmsg(_fd, _recvMsgs, (uint)BatchSize, NativeMethods.MsgDontWait, null);
            if (n >= 0) return n;
            var errno = Marshal.GetLastSystemError();
            if (errno == NativeMethods.Eintr) continue;
            return 0; // EAGAIN (nothing waiting) or a transient error such as ECONNREFUSED from an ICMP
        }
    }

    public override Span<byte> Received(int index) => new(_recvData + (index * SlotSize), (int)_recvMsgs[index].Length);

    public override bool TryGetSource(int index, out SocketAddressKey source) =>
        SocketAddressKey.TryReadLinuxSockaddr(new ReadOnlySpan<byte>(_recvNames + (index * SockaddrStorage), (int)Math.Min(_recvMsgs[index].Header.NameLength, SockaddrStorage)), out source);

    public override bool IsTruncated(int index) => (_recvMsgs[index].Header.Flags & MsgTrunc) != 0;

    public override Span<byte> SendSlot(int index) => new(_sendData + (index * SlotSize), SlotSize);

    public override bool SetSend(int index, int length, in SocketAddressKey destination)
    {
        var nameLength = destination.WriteLinuxSockaddr(new Span<byte>(_sendNames + (index * SockaddrStorage), SockaddrStorage), IsIPv6);
        if (nameLength == 0) return false;
        _sendMsgs[index].Header.NameLength = (uint)nameLength;
        _sendIov[index].Length = (nuint)length;
        return true;
    }

    public override int SendLength(int index) => (int)_sendIov[index].Length;

    public override int Flush(int count)
    {
        var sent = 0;
        var accepted = 0;
        while (sent < count)
        {
            var n = NativeMethods.SendMmsg(_fd, _sendMsgs + sent, (uint)(count - sent), 0);
            if (n > 0)
            {
                sent += n;
                accepted += n;
                continue;
            }
            if (n < 0 && Marshal.GetLastSystemError() == NativeMethods.Eintr) continue;
            sent++; // this datagram failed (e.g. EAGAIN with a full buffer, ENETUNREACH): skip it, send the rest
        }
        return accepted;
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.AlignedFree(_memory);
        }
        base.Dispose(disposing);
    }

    ~LinuxBatchSocket() => Dispose(false);
}
