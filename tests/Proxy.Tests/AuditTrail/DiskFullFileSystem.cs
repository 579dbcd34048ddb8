using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// The audit writer's file-system seam with a switch that makes the disk "full": while
/// <see cref="Full"/> is set, writes go to /dev/full, so the ENOSPC is the kernel's own error rather
/// than an invented exception (permissions cannot make writes fail when the tests run as root).
/// Opening, truncating and fsync keep working, as they do on a real full disk: only new bytes are
/// refused, so the writer stays down until the switch is turned off and then recovers on its own
/// retry timer.
/// </summary>
internal sealed class DiskFullFileSystem : IAuditFileSystem
{
    private int _failedWrites;

    public volatile bool Full;

    /// <summary>Writes refused while <see cref="Full"/> was set: proof the fault was really hit.</summary>
    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public IAuditFile Open(string path, bool create) => new SegmentFile(this, PhysicalFileSystem.Instance.Open(path, create));

    public void SyncDirectory(string path) => PhysicalFileSystem.Instance.SyncDirectory(path);

    private sealed class SegmentFile(DiskFullFileSystem owner, IAuditFile inner) : IAuditFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner.Full)
            {
                Interlocked.Increment(ref owner._failedWrites);
                using var full = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                RandomAccess.Write(full, data, offset); // IOException: No space left on device
            }

            inner.Write(data, offset);
        }

        public void Flush() => inner.Flush();

        public void SetLength(long length) => inner.SetLength(length);

        public void Reserve(long from, long to)
        {
            if (owner.Full)
            {
                throw new IOException("No space left on device (reserve)");
            }

            inner.Reserve(from, to);
        }

        public void Dispose() => inner.Dispose();
    }
}
