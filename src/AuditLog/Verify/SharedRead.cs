namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Opens a segment for reading next to a live writer (verifier, search, shipper). Read, write and
/// delete sharing so a reader never blocks appends, rotation or archiving; unbuffered because every
/// reader brings its own buffer.
/// </summary>
internal static class SharedRead
{
    public static FileStream Open(string path, FileOptions options = FileOptions.None) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
        Options = options,
    });
}
