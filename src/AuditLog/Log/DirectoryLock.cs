namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// One writer per audit directory: an exclusive lock on <c>audit.lock</c>, held for the writer's
/// lifetime. .NET takes it with flock(LOCK_EX|LOCK_NB) on Unix (FileShare.None), so it also
/// excludes a second writer in the same process and vanishes when the process dies (no stale locks).
/// The file's content (pid, start time) is informational only.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, SegmentNames.LockFileName);

        // A verifier probing the lock holds it for a moment; retry briefly before giving up.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    writer.Write($"pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:O}\n");
                }

                return new DirectoryLock(stream);
            }
            catch (IOException ex) when (attempt < 5 && ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                Thread.Sleep(50);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new AuditLogLockedException(
                    $"The audit directory {directory} is in use by another writer (lock file {path} is held).", ex);
            }
        }
    }

    /// <summary>True when some writer currently holds the directory (a live log whose tail is still being written).</summary>
    public static bool IsHeld(string directory)
    {
        var path = Path.Combine(directory, SegmentNames.LockFileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
