namespace MaskingProxy.AuditLog.Log;

/// <summary>An open segment file. Writes are positional so a failed batch can be rewritten in place.</summary>
internal interface IAuditFile : IDisposable
{
    long Length { get; }

    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>fsync: returns only when the data is on stable storage; throws otherwise.</summary>
    void Flush();

    void SetLength(long length);
}
