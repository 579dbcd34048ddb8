using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.AuditLog.Tests.Support;

/// <summary>
/// The writer's file-system seam with switchable failures. <see cref="DevFull"/> sends writes to
/// /dev/full, so the ENOSPC comes from the kernel (permissions cannot be used to make writes fail
/// when tests run as root); <see cref="FailFlush"/>/<see cref="FailWrites"/> inject EIO;
/// <see cref="HoldNextWrite"/> keeps the writer inside its next write, so what arrives meanwhile is
/// known to be queued; <see cref="FlushDelay"/> makes every fsync slow. Underneath
/// are the production files with direct appends (sync mode's), so the writer's recovery paths run
/// over the aligned block rewrites too.
/// </summary>
internal sealed class FaultyFileSystem : IAuditFileSystem
{
    private int _flushes;
    private int _writes;

    public volatile bool DevFull;
    public volatile bool FailWrites;
    public volatile bool FailFlush;
    public volatile bool FailOpen;

    /// <summary>How long every fsync takes on top of the real one (a slow disk).</summary>
    public TimeSpan FlushDelay;

    public int Flushes => Volatile.Read(ref _flushes);

    public int Writes => Volatile.Read(ref _writes);

    private readonly ManualResetEventSlim _released = new(initialState: true);
    private readonly SemaphoreSlim _held = new(0);
    private volatile bool _holdNext;

    /// <summary>The next write waits until <see cref="Release"/>.</summary>
    public void HoldNextWrite()
    {
        _released.Reset();
        _holdNext = true;
    }

    /// <summary>True once the writer waits inside the held write.</summary>
    public Task<bool> WaitUntilHeldAsync() => _held.WaitAsync(TimeSpan.FromSeconds(10));

    public void Release() => _released.Set();

    public IAuditFile Open(string path, bool create)
    {
        if (FailOpen)
        {
            throw new IOException("Input/output error (injected on open)");
        }

        return new FaultyFile(this, PhysicalFileSystem.DirectAppends.Open(path, create));
    }

    public void SyncDirectory(string path) => PhysicalFileSystem.Instance.SyncDirectory(path);

    private sealed class FaultyFile(FaultyFileSystem owner, IAuditFile inner) : IAuditFile
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

            if (owner.DevFull)
            {
                using var full = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                RandomAccess.Write(full, data, offset); // throws IOException: No space left on device
            }

            if (owner.FailWrites)
            {
                // Half the data reaches the file before the error, as with a real short write.
                inner.Write(data[..(data.Length / 2)], offset);
                throw new IOException("Input/output error (injected on write)");
            }

            Interlocked.Increment(ref owner._writes);
            inner.Write(data, offset);
        }

        public void Flush()
        {
            if (owner.FailFlush)
            {
                throw new IOException("Input/output error (injected on fsync)");
            }

            Interlocked.Increment(ref owner._flushes);
            if (owner.FlushDelay > TimeSpan.Zero)
            {
                Thread.Sleep(owner.FlushDelay);
            }
            inner.Flush();
        }

        public void SetLength(long length)
        {
            if (owner.DevFull || owner.FailWrites)
            {
                throw new IOException("Input/output error (injected on truncate)");
            }

            inner.SetLength(length);
        }

        public void Reserve(long from, long to)
        {
            if (owner.DevFull || owner.FailWrites)
            {
                throw new IOException("No space left on device (injected on reserve)");
            }

            inner.Reserve(from, to);
        }

        public void Dispose() => inner.Dispose();
    }
}
