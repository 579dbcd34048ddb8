using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>
/// Real segment files whose fsync waits while <see cref="Closed"/> is set, so a test can hold a
/// group commit in the middle: the writer has taken and written the batch, and its tickets are not
/// complete yet.
/// </summary>
internal sealed class GatedFlushFileSystem : IAuditFileSystem
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly SemaphoreSlim _waiting = new(0);

    public bool Closed
    {
        set
        {
            if (value)
            {
                _open.Reset();
            }
            else
            {
                _open.Set();
            }
        }
    }

    /// <summary>Completes when a flush is waiting at the closed gate.</summary>
    public Task<bool> WaitForHeldFlushAsync() => _waiting.WaitAsync(TimeSpan.FromSeconds(10));

    public IAuditFile Open(string path, bool create) => new GatedFile(this, PhysicalFileSystem.DirectAppends.Open(path, create));

    public void SyncDirectory(string path) => PhysicalFileSystem.Instance.SyncDirectory(path);

    private sealed class GatedFile(GatedFlushFileSystem owner, IAuditFile inner) : IAuditFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset) => inner.Write(data, offset);

        public void Flush()
        {
            if (!owner._open.IsSet)
            {
                owner._waiting.Release();
                owner._open.Wait();
            }

            inner.Flush();
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Reserve(long from, long to) => inner.Reserve(from, to);

        public void Dispose() => inner.Dispose();
    }
}
