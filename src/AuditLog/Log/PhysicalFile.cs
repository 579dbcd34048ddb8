using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// A segment file through <see cref="RandomAccess"/>: pwrite, ftruncate, fsync when reserving and
/// fdatasync (Linux) for appends; with a <see cref="DirectAppender"/>, appends inside reserved space
/// bypass the page cache.
/// </summary>
/// <remarks>
/// An append inside reserved (zero-written, fsynced) space changes neither the size nor the block map,
/// so fdatasync(2) writes the data alone: one device write instead of data plus inode, measured at
/// 160–250 µs instead of 220–440 µs per 400-byte append on the benchmark disk (ext4, virtio).
/// </remarks>
internal sealed partial class PhysicalFile(SafeFileHandle handle, DirectAppender? direct = null) : IAuditFile
{
    private static readonly byte[] s_zeros = new byte[64 * 1024];

    // With a direct appender: the file's length as this file object changed it (the directory lock
    // makes it the only writer), so deciding an append needs no fstat. Updated only after a change
    // succeeded, so after a failure it can only be short, which sends appends the ordinary way.
    private long _knownLength = direct is null ? 0 : RandomAccess.GetLength(handle);

    public long Length => RandomAccess.GetLength(handle);

    /// <summary>Whether appends inside reserved space go around the page cache.</summary>
    public bool WritesDirect => direct is not null;

    /// <summary>Writes that went around the page cache.</summary>
    public long DirectWrites => direct?.Appends ?? 0;

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        if (direct is null)
        {
            RandomAccess.Write(handle, data, offset);
            return;
        }

        var end = offset + data.Length;
        if (!direct.TryWrite(data, offset, _knownLength))
        {
            RandomAccess.Write(handle, data, offset);
            direct.Written(end, _knownLength);
        }

        _knownLength = Math.Max(_knownLength, end);
    }

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

    public void SetLength(long length)
    {
        RandomAccess.SetLength(handle, length);
        direct?.Truncated(length, _knownLength);
        _knownLength = length;
    }

    public void Reserve(long from, long to)
    {
        for (var at = from; at < to; at += s_zeros.Length)
        {
            RandomAccess.Write(handle, s_zeros.AsSpan(0, (int)Math.Min(s_zeros.Length, to - at)), at);
        }
        RandomAccess.FlushToDisk(handle);
        direct?.Reserved(from, to, _knownLength);
        _knownLength = Math.Max(_knownLength, to);
    }

    public void Dispose()
    {
        direct?.Dispose();
        handle.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);
}
