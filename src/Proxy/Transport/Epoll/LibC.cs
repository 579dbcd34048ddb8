using System.Runtime.InteropServices;

namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>The few Linux system calls the epoll transport needs (man 2 epoll_ctl, recv, send, connect).</summary>
internal static unsafe partial class LibC
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINPROGRESS = 115;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const int EPOLL_CLOEXEC = 0x80000;

    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;

    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int O_NONBLOCK = 0x800;

    public const int SOL_SOCKET = 1;
    public const int SO_ERROR = 4;

    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    // Without SetLastError: the marshaller would clear and save errno around every wait, once per
    // wake-up of the event thread. The loop reads errno itself after a failure (see EpollEngine.Loop).
    [LibraryImport("libc")]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout);

    /// <summary>
    /// recv(2) on a non-blocking socket. Through syscall(2) where the system call numbers are known:
    /// glibc's recv and send are thread-cancellation points, which cost two atomic updates of the
    /// thread's cancel state per call, and nothing here uses thread cancellation.
    /// </summary>
    public static nint recv(int fd, byte* buffer, nint length, int flags) =>
        SysRecvFrom >= 0 ? syscall(SysRecvFrom, fd, (nint)buffer, length, flags, 0, 0) : libc_recv(fd, buffer, length, flags);

    /// <summary>send(2) on a non-blocking socket; see <see cref="recv"/>.</summary>
    public static nint send(int fd, byte* buffer, nint length, int flags) =>
        SysSendTo >= 0 ? syscall(SysSendTo, fd, (nint)buffer, length, flags, 0, 0) : libc_send(fd, buffer, length, flags);

    /// <summary>recvfrom and sendto with null addresses are recv and send (man 2 recv, send).</summary>
    private static readonly nint SysRecvFrom = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 45,
        Architecture.Arm64 => 207,
        _ => -1,
    };

    private static readonly nint SysSendTo = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 44,
        Architecture.Arm64 => 206,
        _ => -1,
    };

    // These run on non-blocking sockets only, so they return without waiting: they skip the
    // runtime's GC transition (two thread-local lookups and a frame per call, four calls per relayed
    // transaction). Callers read errno with Marshal.GetLastSystemError right after a failure.
    [LibraryImport("libc", EntryPoint = "syscall")]
    [SuppressGCTransition]
    private static partial nint syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    [LibraryImport("libc", EntryPoint = "recv")]
    [SuppressGCTransition]
    private static partial nint libc_recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send")]
    [SuppressGCTransition]
    private static partial nint libc_send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint length);
}
