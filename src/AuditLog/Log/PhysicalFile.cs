using Microsoft.Win32.SafeHandles;

namespace MaskingProxy.AuditLog.Log;

/// <summary>A segment file through <see cref="RandomAccess"/>: pwrite, fsync (FlushToDisk), ftruncate.</summary>
internal sealed class PhysicalFile(SafeFileHandle handle) : IAuditFile
{
    public long Length => RandomAccess.GetLength(handle);

    public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(handle, data, offset);

    public void Flush() => RandomAccess.FlushToDisk(handle);

    public void SetLength(long length) => RandomAccess.SetLength(handle, length);

    public void Dispose() => handle.Dispose();
}
