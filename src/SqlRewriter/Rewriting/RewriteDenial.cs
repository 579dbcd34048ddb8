namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>Why a statement text was denied.</summary>
/// <param name="Kind">Category of the reason.</param>
/// <param name="Reason">Human-readable reason for the client error and the audit record; names the construct and column.</param>
/// <param name="RuleId">The policy rule that decided, when one did.</param>
/// <param name="StatementIndex">0-based index of the statement (in a multi-statement text) that was denied.</param>
public sealed record RewriteDenial(DenialKind Kind, string Reason, string? RuleId, int? StatementIndex)
{
    /// <summary>The message for the client: reason plus rule id.</summary>
    public string Message => RuleId is null ? Reason : $"{Reason} (rule {RuleId})";
}
