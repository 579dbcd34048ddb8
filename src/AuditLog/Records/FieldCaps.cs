namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Byte caps (UTF-8 length of the unescaped value) applied to every string a record stores.
/// Client-controlled values (login, application name, database, statement text, object names)
/// are what these exist for: they bound the size of a line whatever a client sends. A capped
/// value ends with "…" (U+2026) and is never longer than its cap. docs/audit-format.md lists them.
/// </summary>
public static class FieldCaps
{
    public const int Login = 256;
    public const int ApplicationName = 256;
    public const int Database = 256;
    public const int ClientAddress = 64;
    public const int SessionId = 64;
    public const int Protocol = 16;
    public const int Action = 64;
    public const int ObjectName = 512;
    public const int MaxObjects = 256;
    public const int Statement = 16 * 1024;
    public const int RuleId = 128;
    public const int MaxRules = 64;
    public const int Reason = 1024;
    public const int SqlState = 5;
    public const int Version = 128;
    public const int Name = 256;
    public const int Path = 1024;
    public const int Error = 2048;
    public const int Detail = 1024;
    public const int Method = 64;
    public const int Host = 256;
    public const int Hash = 64;
    public const int KeyId = 64;
    public const int Kind = 64;
    public const int ChainId = 64;
    public const int SegmentName = 64;

    /// <summary>Largest line a reader accepts; every capped record fits well below it.</summary>
    public const int MaxLineBytes = 1024 * 1024;
}
