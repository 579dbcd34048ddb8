using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Filters for <see cref="AuditSearch"/>; all given filters must match. A filter a record type
/// cannot satisfy excludes it (e.g. <see cref="Verdict"/> keeps only statement records).
/// </summary>
public sealed record AuditQuery
{
    /// <summary>Exact login (subject.login), case-sensitive like database logins.</summary>
    public string? Login { get; init; }

    /// <summary>Object glob, see <see cref="ObjectPattern"/> (statement records).</summary>
    public string? Object { get; init; }

    /// <summary>Statement type, case-insensitive (statement records).</summary>
    public string? Action { get; init; }

    /// <summary>allow / masked / deny (statement records).</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>Record type (e.g. "statement", "policy"), exact.</summary>
    public string? Type { get; init; }

    /// <summary>Inclusive lower bound on the record time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Exclusive upper bound on the record time.</summary>
    public DateTimeOffset? Until { get; init; }
}
