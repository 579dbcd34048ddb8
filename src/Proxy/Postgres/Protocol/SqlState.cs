namespace MaskingProxy.Proxy.Postgres.Protocol;

/// <summary>SQLSTATE codes the proxy itself raises (PostgreSQL docs Appendix A).</summary>
public static class SqlState
{
    public const string InsufficientPrivilege = "42501";
    public const string ConnectionFailure = "08006";
    public const string ProtocolViolation = "08P01";
    public const string AdminShutdown = "57P01";
    public const string InvalidAuthorizationSpecification = "28000";

    /// <summary>io_error: the audit log cannot be written, so the statement does not run (SPEC §6).</summary>
    public const string IoError = "58030";
}
