using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>
/// Real segment files (direct appends) where a test can hold the writer inside its next write and
/// count fsyncs (or make them fail): what arrives while a batch is being written is then known to be queued.
/// </summary>
internal sealed class GatedWriteFileSystem : IAuditFileSystem
{
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private readonly SemaphoreSlim _held = new(0);
    private volatile bool _holdNext;
    private int _flushes;

    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>While set, fsyncs fail with EIO (nothing is flushed).</summary>
    public volatile bool FailFlush;

    /// <summary>The next write waits until <see cref="Release"/>.</summary>
    public void HoldNextWrite()
    {
        _released.Reset();
        _holdNext = true;
    }

    public Task<bool> WaitUntilHeldAsync() => _held.WaitAsync(TimeSpan.FromSeconds(10));

    public void Release() => _released.Set();

    public IAuditFile Open(string path, bool create) => new GatedFile(this, PhysicalFileSystem.DirectAppends.Open(path, create));

    public void SyncDirectory(string path) => PhysicalFileSystem.Instance.SyncDirectory(path);

    private sealed class GatedFile(GatedWriteFileSystem owner, IAuditFile inner) : IAuditFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner._holdNext)
            {
                owner._holdNext = false;
                owner._held.Release();
                owner._released.Wait();
            }

            inner.Write(data, offset);
        }

        public void Flush()
        {
            if (owner.FailFlush)
            {
                throw new IOException("Input/output error (injected)");
            }

            Interlocked.Increment(ref owner._flushes);
            inner.Flush();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Reserve(long from, long to) => inner.Reserve(from, to);

        public void Dispose() => inner.Dispose();
    }
}
