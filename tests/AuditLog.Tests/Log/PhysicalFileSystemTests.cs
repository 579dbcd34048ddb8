using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

public class PhysicalFileSystemTests
{
    [Fact]
    public void Directory_fsync_goes_through_libc()
    {
        using var dir = new TempDirectory();
        PhysicalFileSystem.Instance.SyncDirectory(dir.Path);
        Assert.Throws<IOException>(() => PhysicalFileSystem.Instance.SyncDirectory(dir.Combine("missing")));
    }

    [Fact]
    public void Segment_files_support_positional_write_truncate_and_fsync()
    {
        using var dir = new TempDirectory();
        using (var file = PhysicalFileSystem.Instance.Open(dir.Combine("s"), create: true))
        {
            file.Write("hello world"u8, 0);
            file.Write("HELLO"u8, 0);
            file.SetLength(8);
            file.Flush();
            Assert.Equal(8, file.Length);
        }

        Assert.Equal("HELLO wo", File.ReadAllText(dir.Combine("s")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(dir.Combine("s")));
    }
}
