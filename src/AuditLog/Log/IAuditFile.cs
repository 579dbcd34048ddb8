namespace MaskingProxy.AuditLog.Log;

/// <summary>An open segment file. Writes are positional so a failed batch can be rewritten in place.</summary>
internal interface IAuditFile : IDisposable
{
    long Length { get; }

    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>
    /// Makes the appended bytes durable: returns only when they (and whatever metadata reading them
    /// back needs) are on stable storage; throws otherwise.
    /// </summary>
    void Flush();

    void SetLength(long length);

    /// <summary>
    /// Writes zeros over [<paramref name="from"/>, <paramref name="to"/>) and makes them durable, so
    /// later appends in that range change no file size or block map and <see cref="Flush"/> has only
    /// their data to write.
    /// </summary>
    void Reserve(long from, long to);
}
