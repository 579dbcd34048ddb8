namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// The writer's only way to touch segment files. Production uses <see cref="PhysicalFileSystem"/>;
/// tests substitute failures (ENOSPC, EIO on fsync) because permission tricks do not work as root.
/// </summary>
internal interface IAuditFileSystem
{
    /// <summary>Opens a segment for read/write; <paramref name="create"/> creates or truncates it.</summary>
    IAuditFile Open(string path, bool create);

    /// <summary>fsync of a directory, so a newly created segment's directory entry is durable.</summary>
    void SyncDirectory(string path);
}
