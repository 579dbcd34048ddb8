namespace MaskingProxy.AuditLog.Verify;

/// <summary>Counters filled while an <see cref="AuditSearch"/> enumeration runs.</summary>
public sealed class SearchStatistics
{
    public long RecordsRead { get; set; }

    public long SkippedLines { get; set; }
}
