using System.Runtime.InteropServices;

namespace MaskingProxy.AuditLog.Log;

/// <summary>The real file system.</summary>
internal sealed partial class PhysicalFileSystem(bool directAppends) : IAuditFileSystem
{
    /// <summary>Appends through the page cache: batch mode, whose appends complete before any fsync.</summary>
    public static readonly PhysicalFileSystem Instance = new(directAppends: false);

    /// <summary>
    /// Appends inside reserved space with O_DIRECT where the file system allows it (sync mode: every
    /// append is followed by fdatasync anyway; see <see cref="DirectAppender"/>).
    /// </summary>
    public static readonly PhysicalFileSystem DirectAppends = new(directAppends: true);

    private const int Ebadf = 9;
    private const int Einval = 22;

    private const UnixFileMode SegmentMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public IAuditFile Open(string path, bool create)
    {
        var handle = File.OpenHandle(
            path,
            create ? FileMode.Create : FileMode.Open,
            FileAccess.ReadWrite,
            FileShare.Read,
            FileOptions.None);
        if (create && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(handle, SegmentMode);
        }

        return new PhysicalFile(handle, directAppends ? DirectAppender.TryOpen(path) : null);
    }

    public void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals directory entries; there is no directory fsync.
        }

        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {path} for fsync (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            // Like PostgreSQL, accept EBADF/EINVAL: some file systems cannot fsync a directory.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno is not (Ebadf or Einval))
            {
                throw new IOException($"fsync of directory {path} failed (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
