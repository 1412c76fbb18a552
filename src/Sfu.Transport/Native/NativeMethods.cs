using System.Runtime.InteropServices;

namespace Sfu.Transport.Native;

/// <summary>
/// Linux system calls the shard loop needs and .NET does not expose: epoll, eventfd, recvmmsg and sendmmsg.
/// Every caller checks <see cref="OperatingSystem.IsLinux"/> first; other systems use the portable path.
/// </summary>
/// <remarks>
/// Signatures follow the Linux man pages epoll_create1(2), epoll_ctl(2), epoll_wait(2), eventfd(2),
/// recvmmsg(2) and sendmmsg(2). Pointers are raw because the structures live in native memory that the
/// shard allocates once; nothing is marshalled per call.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    private const string Libc = "libc";

    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const uint EpollErr = 0x008;

    public const int EfdNonblock = 0x800;
    public const int EfdCloexec = 0x80000;

    public const int MsgDontWait = 0x40;

    public const int Eintr = 4;
    public const int Eagain = 11;

    /// <summary>SOL_SOCKET and SO_REUSEPORT as Linux numbers them (asm-generic/socket.h).</summary>
    public const int SolSocket = 1;
    public const int SoReusePort = 15;

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MMsgHdr* msgvec, uint vlen, int flags, void* timeout);

    [LibraryImport(Libc, EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, MMsgHdr* msgvec, uint vlen, int flags);

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events at 0, data at 4) and naturally aligned
    /// elsewhere (16 bytes: data at 8), so the loop reads it by offset instead of through one struct.
    /// </summary>
    public static int EpollEventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of epoll_data_t inside struct epoll_event on this architecture.</summary>
    public static int EpollDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (64-bit layout; natural alignment matches the C definition).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: one message of a recvmmsg/sendmmsg batch and the bytes it moved.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
