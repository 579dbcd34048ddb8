namespace MaskingProxy.Proxy.Cli;

/// <summary>A touched column that a rule covers but that this login sees raw.</summary>
/// <param name="Source">Column, <c>schema.table.column</c>.</param>
/// <param name="RuleId">The first rule covering it (the one that decides, SPEC §3 precedence).</param>
/// <param name="Why"><c>exempt</c> (login in the policy's <c>exempt</c>) or <c>unmask</c> (login in the rule's <c>unmask</c>).</param>
internal sealed record ExplainUnmaskedColumn(string Source, string RuleId, string Why);
