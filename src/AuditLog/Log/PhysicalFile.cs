using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// A segment file through <see cref="RandomAccess"/>: pwrite, ftruncate, fsync when reserving and
/// fdatasync (Linux) for appends.
/// </summary>
/// <remarks>
/// An append inside reserved (zero-written, fsynced) space changes neither the size nor the block map,
/// so fdatasync(2) writes the data alone: one device write instead of data plus inode, measured at
/// 160–250 µs instead of 220–440 µs per 400-byte append on the benchmark disk (ext4, virtio).
/// </remarks>
internal sealed partial class PhysicalFile(SafeFileHandle handle) : IAuditFile
{
    private static readonly byte[] s_zeros = new byte[64 * 1024];

    public long Length => RandomAccess.GetLength(handle);

    public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(handle, data, offset);

    public void Flush()
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fdatasync failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void SetLength(long length) => RandomAccess.SetLength(handle, length);

    public void Reserve(long from, long to)
    {
        for (var at = from; at < to; at += s_zeros.Length)
        {
            RandomAccess.Write(handle, s_zeros.AsSpan(0, (int)Math.Min(s_zeros.Length, to - at)), at);
        }
        RandomAccess.FlushToDisk(handle);
    }

    public void Dispose() => handle.Dispose();

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);
}
