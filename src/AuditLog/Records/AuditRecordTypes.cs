namespace MaskingProxy.AuditLog.Records;

/// <summary>The <c>type</c> values of records.</summary>
public static class AuditRecordTypes
{
    public const string Connection = "connection";
    public const string Authentication = "authentication";
    public const string Statement = "statement";
    public const string StatementOutcome = "statement_outcome";
    public const string Policy = "policy";
    public const string ProxyStart = "proxy_start";
    public const string ProxyStop = "proxy_stop";
    public const string Checkpoint = "checkpoint";
    public const string Recovery = "recovery";
    public const string Segment = "segment";
}
